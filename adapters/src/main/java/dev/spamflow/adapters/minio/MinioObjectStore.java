package dev.spamflow.adapters.minio;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectKeys;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreException;
import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectAPIArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetBucketNotificationArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.Part;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ObjectStore} on MinIO or any S3-compatible server.
 *
 * <p>Content up to one part is sent in one PUT; longer content goes up as a multipart upload whose
 * parts are read into memory one at a time, so each S3 call can be retried (Failsafe, exponential
 * back-off) without re-reading the caller's stream. If the upload still fails it is aborted (best
 * effort: a server that is down keeps the invisible parts until its stale-upload cleanup), so no
 * partial object ever becomes visible. {@link #putIfAbsent} sends {@code If-None-Match: *}.
 *
 * <p>Only S3 calls are used, except {@link #configureNotifications}, which needs MinIO.
 */
public final class MinioObjectStore implements ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(MinioObjectStore.class);
  private static final String META_PREFIX = "x-amz-meta-";
  // Error codes that mean "try again", as the AWS SDKs treat them.
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "InternalError",
          "ServiceUnavailable",
          "SlowDown",
          "RequestTimeout",
          "XMinioServerNotInitialized",
          "XMinioStorageFull");

  private final MinioConfig config;
  private final MinioAsyncClient client;
  private final FailsafeExecutor<Object> retries;

  private MinioObjectStore(MinioConfig config) {
    this.config = config;
    this.client =
        MinioAsyncClient.builder()
            .endpoint(config.endpoint().toString())
            .credentials(config.accessKey(), config.secretKey())
            .build();
    this.retries =
        Failsafe.with(
            config
                .retry()
                .policy()
                .handleIf(MinioObjectStore::isTransient)
                .onRetry(
                    attempt ->
                        LOG.warn(
                            "S3 call to {} failed (attempt {}), retrying: {}",
                            config.endpoint(),
                            attempt.getAttemptCount(),
                            String.valueOf(attempt.getLastException())))
                .build());
  }

  /**
   * Connects to the store that {@code config} names and creates its bucket if missing.
   *
   * @throws ObjectStoreException if the server cannot be reached after retries
   */
  public static MinioObjectStore open(MinioConfig config) {
    MinioObjectStore store = new MinioObjectStore(config);
    store.ensureBucket();
    return store;
  }

  private void ensureBucket() {
    String bucket = config.bucket();
    boolean exists =
        call(
            "check bucket",
            bucket,
            () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    if (!exists) {
      try {
        call(
            "create bucket",
            bucket,
            () -> client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build()));
      } catch (ObjectStoreException e) {
        // Another process may have created it in between; that is the outcome we wanted.
        if (!hasCode(e.getCause(), "BucketAlreadyOwnedByYou")) {
          throw e;
        }
      }
      LOG.info("created bucket {} at {}", bucket, config.endpoint());
    }
  }

  /**
   * Replaces the bucket's notification rules with webhook rules (MinIO only): each rule sends its
   * events for matching keys to a webhook target configured on the server.
   *
   * @throws ObjectStoreException if the server refuses, e.g. because a target is unknown to it
   */
  public void configureNotifications(List<BucketNotification> rules) {
    List<NotificationConfiguration.QueueConfiguration> queues = new ArrayList<>();
    for (BucketNotification rule : rules) {
      queues.add(
          new NotificationConfiguration.QueueConfiguration(
              rule.arn(),
              "spamflow-" + rule.targetId() + "-" + queues.size(),
              rule.events(),
              new NotificationConfiguration.Filter(rule.prefix(), rule.suffix())));
    }
    NotificationConfiguration configuration =
        new NotificationConfiguration(null, queues, null, null);
    call(
        "configure notifications of bucket",
        config.bucket(),
        () ->
            client.setBucketNotification(
                SetBucketNotificationArgs.builder()
                    .bucket(config.bucket())
                    .config(configuration)
                    .build()));
  }

  @Override
  public ObjectInfo put(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    return upload(key, content, length, contentType, metadata, false).orElseThrow();
  }

  @Override
  public Optional<ObjectInfo> putIfAbsent(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    return upload(key, content, length, contentType, metadata, true);
  }

  private Optional<ObjectInfo> upload(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata,
      boolean onlyIfAbsent) {
    ObjectKeys.requireValidKey(key);
    ObjectKeys.requireValidMetadata(metadata);
    String type = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
    Http.Headers headers = new Http.Headers();
    headers.put("Content-Type", type);
    metadata.forEach((name, value) -> headers.put(META_PREFIX + name, value));
    Map<String, String> condition = onlyIfAbsent ? Map.of("If-None-Match", "*") : Map.of();
    int partSize = (int) config.partSize();
    try {
      byte[] first = content.readNBytes(partSize);
      if (first.length < partSize) {
        requireLength(key, length, first.length);
        return singlePut(key, first, type, headers, condition)
            .map(etag -> info(key, first.length, etag, type, metadata));
      }
      return multipartPut(key, first, content, length, type, headers, condition, metadata);
    } catch (IOException e) {
      throw new ObjectStoreException("put of '" + key + "' failed reading its content", e);
    }
  }

  private Optional<String> singlePut(
      String key, byte[] data, String type, Http.Headers headers, Map<String, String> condition) {
    try {
      ObjectWriteResponse response =
          call(
              "put",
              key,
              () ->
                  client.putObject(
                      PutObjectAPIArgs.builder()
                          .bucket(config.bucket())
                          .object(key)
                          .data(data, data.length)
                          .contentType(type)
                          .headers(headers)
                          .extraHeaders(condition)
                          .build()));
      return Optional.of(response.etag());
    } catch (ObjectStoreException e) {
      if (!condition.isEmpty() && hasCode(e.getCause(), "PreconditionFailed")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<ObjectInfo> multipartPut(
      String key,
      byte[] first,
      InputStream content,
      long length,
      String type,
      Http.Headers headers,
      Map<String, String> condition,
      Map<String, String> metadata)
      throws IOException {
    String uploadId =
        call(
                "start multipart upload of",
                key,
                () ->
                    client.createMultipartUpload(
                        CreateMultipartUploadArgs.builder()
                            .bucket(config.bucket())
                            .object(key)
                            .headers(headers)
                            .build()))
            .result()
            .uploadId();
    boolean completed = false;
    try {
      List<Part> parts = new ArrayList<>();
      long size = 0;
      byte[] data = first;
      while (data.length > 0) {
        byte[] partData = data;
        int number = parts.size() + 1;
        parts.add(
            call(
                    "upload part " + number + " of",
                    key,
                    () ->
                        client.uploadPart(
                            UploadPartArgs.builder()
                                .bucket(config.bucket())
                                .object(key)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .data(partData, partData.length)
                                .build()))
                .part());
        size += partData.length;
        data = content.readNBytes((int) config.partSize());
      }
      requireLength(key, length, size);
      Part[] partArray = parts.toArray(Part[]::new);
      ObjectWriteResponse response;
      try {
        response =
            call(
                "complete multipart upload of",
                key,
                () ->
                    client.completeMultipartUpload(
                        CompleteMultipartUploadArgs.builder()
                            .bucket(config.bucket())
                            .object(key)
                            .uploadId(uploadId)
                            .parts(partArray)
                            .extraHeaders(condition)
                            .build()));
      } catch (ObjectStoreException e) {
        if (!condition.isEmpty() && hasCode(e.getCause(), "PreconditionFailed")) {
          return Optional.empty();
        }
        throw e;
      }
      completed = true;
      return Optional.of(info(key, size, response.etag(), type, metadata));
    } finally {
      if (!completed) {
        abort(key, uploadId);
      }
    }
  }

  private void abort(String key, String uploadId) {
    try {
      await(
          client.abortMultipartUpload(
              AbortMultipartUploadArgs.builder()
                  .bucket(config.bucket())
                  .object(key)
                  .uploadId(uploadId)
                  .build()));
    } catch (Exception e) {
      // The upload stays invisible; the server discards stale uploads on its own.
      LOG.warn("could not abort multipart upload of '{}' ({}): {}", key, uploadId, e.toString());
    }
  }

  @Override
  public InputStream get(String key) {
    ObjectKeys.requireValidKey(key);
    try {
      return call(
          "get",
          key,
          () ->
              client.getObject(
                  GetObjectArgs.builder().bucket(config.bucket()).object(key).build()));
    } catch (ObjectStoreException e) {
      if (isNotFound(e.getCause())) {
        throw new ObjectNotFoundException(key);
      }
      throw e;
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    ObjectKeys.requireValidKey(key);
    StatObjectResponse response;
    try {
      response =
          call(
              "stat",
              key,
              () ->
                  client.statObject(
                      StatObjectArgs.builder().bucket(config.bucket()).object(key).build()));
    } catch (ObjectStoreException e) {
      if (isNotFound(e.getCause())) {
        return Optional.empty();
      }
      throw e;
    }
    Map<String, String> metadata = new HashMap<>();
    for (Map.Entry<String, String> entry : response.userMetadata().entries()) {
      metadata.put(stripMetaPrefix(entry.getKey()), entry.getValue());
    }
    return Optional.of(
        new ObjectInfo(
            key,
            response.size(),
            unquote(response.etag()),
            response.lastModified().toInstant(),
            response.contentType() == null ? DEFAULT_CONTENT_TYPE : response.contentType(),
            metadata));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    List<String> keys =
        retry(
            "list",
            prefix,
            () -> {
              List<String> found = new ArrayList<>();
              Iterable<Result<Item>> results =
                  client.listObjects(
                      ListObjectsArgs.builder()
                          .bucket(config.bucket())
                          .prefix(prefix)
                          .recursive(true)
                          .build());
              for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) {
                  found.add(item.objectName());
                }
              }
              return found;
            });
    // A listing carries neither content type nor metadata on every S3 server: ask per object.
    List<ObjectInfo> infos = new ArrayList<>();
    for (String key : keys) {
      stat(key).ifPresent(infos::add);
    }
    infos.sort((a, b) -> a.key().compareTo(b.key()));
    return infos;
  }

  @Override
  public void delete(String key) {
    ObjectKeys.requireValidKey(key);
    call(
        "delete",
        key,
        () ->
            client.removeObject(
                RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build()));
  }

  private <T> T call(String operation, String key, CheckedSupplier<CompletableFuture<T>> request) {
    return retry(operation, key, () -> await(request.get()));
  }

  private <T> T retry(String operation, String key, CheckedSupplier<T> action) {
    try {
      return retries.get(action);
    } catch (FailsafeException e) {
      Throwable cause = rootOf(e.getCause() == null ? e : e.getCause());
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new ObjectStoreException(describe(operation, key, cause), cause);
    } catch (RuntimeException e) {
      if (e instanceof ObjectStoreException || e instanceof IllegalArgumentException) {
        throw e;
      }
      Throwable cause = rootOf(e);
      throw new ObjectStoreException(describe(operation, key, cause), cause);
    }
  }

  private String describe(String operation, String key, Throwable cause) {
    String reason =
        cause instanceof ErrorResponseException error
            ? error.errorResponse().code() + ": " + error.errorResponse().message()
            : String.valueOf(cause);
    return operation
        + " '"
        + key
        + "' in bucket "
        + config.bucket()
        + " at "
        + config.endpoint()
        + " failed: "
        + reason;
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = rootOf(e);
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  /** Strips the SDK's wrappers down to the exception that says what went wrong. */
  private static Throwable rootOf(Throwable thrown) {
    Throwable current = thrown;
    while (current.getCause() != null
        && (current instanceof ExecutionException
            || current instanceof CompletionException
            || current instanceof FailsafeException
            || (current instanceof MinioException
                && !(current instanceof ErrorResponseException)
                && !(current instanceof ServerException)))) {
      current = current.getCause();
    }
    return current;
  }

  private static boolean isTransient(Throwable thrown) {
    Throwable cause = rootOf(thrown);
    if (cause instanceof ErrorResponseException error) {
      return TRANSIENT_CODES.contains(error.errorResponse().code())
          || (error.response() != null && error.response().code() >= 500);
    }
    if (cause instanceof ServerException) {
      return true;
    }
    return cause instanceof IOException && !(cause instanceof FileNotFoundException);
  }

  private static boolean isNotFound(Throwable thrown) {
    return hasCode(thrown, "NoSuchKey")
        || hasCode(thrown, "NoSuchObject")
        || hasCode(thrown, "NotFound");
  }

  private static boolean hasCode(Throwable thrown, String code) {
    return thrown != null
        && rootOf(thrown) instanceof ErrorResponseException error
        && code.equals(error.errorResponse().code());
  }

  private static void requireLength(String key, long announced, long actual) {
    if (announced != UNKNOWN_LENGTH && announced != actual) {
      throw new IllegalArgumentException(
          "content of '" + key + "' has " + actual + " bytes, not the " + announced + " announced");
    }
  }

  private static ObjectInfo info(
      String key, long size, String etag, String type, Map<String, String> metadata) {
    return new ObjectInfo(key, size, unquote(etag), Instant.now(), type, metadata);
  }

  private static String stripMetaPrefix(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith(META_PREFIX) ? lower.substring(META_PREFIX.length()) : lower;
  }

  private static String unquote(String etag) {
    return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : String.valueOf(etag);
  }
}
