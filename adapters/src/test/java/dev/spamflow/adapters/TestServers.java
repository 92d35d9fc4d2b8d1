package dev.spamflow.adapters;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The real servers integration tests use, as {@code scripts/servers.sh} exports them. A missing
 * variable fails the test with the command that provides it: integration tests never skip.
 */
public final class TestServers {
  /** What to run when a server variable is missing. */
  public static final String FIX =
      "start the servers first: source scripts/servers.sh && servers_install && servers_up";

  private TestServers() {}

  /**
   * The value of environment variable {@code name}.
   *
   * @throws IllegalStateException with {@link #FIX} when it is unset
   */
  public static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; " + FIX);
    }
    return value;
  }

  /** A loopback port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
