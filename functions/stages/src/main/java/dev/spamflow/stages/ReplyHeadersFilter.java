package dev.spamflow.stages;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps {@code ce-*} headers out of every answer. Spring Cloud Function echoes the request's
 * headers in a consumer's 202, and a Knative Broker reads an answer with {@code ce-*} headers as a
 * reply event: the input event would be published again and loop through its Trigger. Stages
 * publish their output through {@code K_SINK} instead, so an answer never carries an event.
 */
@Component
public class ReplyHeadersFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, new WithoutCloudEventHeaders(response));
  }

  private static boolean isCloudEventHeader(String name) {
    return name != null && name.toLowerCase(Locale.ROOT).startsWith("ce-");
  }

  private static final class WithoutCloudEventHeaders extends HttpServletResponseWrapper {
    WithoutCloudEventHeaders(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setHeader(String name, String value) {
      if (!isCloudEventHeader(name)) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!isCloudEventHeader(name)) {
        super.addHeader(name, value);
      }
    }
  }
}
