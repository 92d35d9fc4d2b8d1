"""Schemathesis hooks for spamflow's inference API (run by OpenApiConformanceIT).

One rule of the API spans two fields and so cannot be written in the OpenAPI document: an Open
Inference Protocol input tensor's shape is [n], n being the number of strings in its data. The
document says so in words; this hook makes every generated tensor whose shape is already valid on
its own (one integer >= 1) state n, so that a schema-valid request is valid in full. A tensor
that breaks the schema anywhere is left as generated, so negative cases stay negative.
"""

import schemathesis


@schemathesis.hook
def map_body(ctx, body):
    operation = ctx.operation
    if operation is None or not operation.path.endswith("/infer") or not isinstance(body, dict):
        return body
    inputs = body.get("inputs")
    if not isinstance(inputs, list):
        return body
    for tensor in inputs:
        if not isinstance(tensor, dict):
            continue
        shape, data = tensor.get("shape"), tensor.get("data")
        if (
            isinstance(data, list)
            and isinstance(shape, list)
            and len(shape) == 1
            and type(shape[0]) is int
            and shape[0] >= 1
            and 1 <= len(data) <= 1000
        ):
            tensor["shape"] = [len(data)]
    return body
