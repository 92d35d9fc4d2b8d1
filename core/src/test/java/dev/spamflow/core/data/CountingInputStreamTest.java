package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class CountingInputStreamTest {

  @Test
  void countsEveryByteOfARealFileReadThroughABuffer() throws IOException {
    Path sms = TestData.sms();
    try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(sms));
        InputStream in = new BufferedInputStream(counted, 64 * 1024)) {
      assertThat(counted.count()).isZero();
      in.transferTo(OutputStream.nullOutputStream());
      assertThat(counted.count()).isEqualTo(Files.size(sms));
    }
  }

  @Test
  void countsSingleReadsAndSkipsButNotTheEndOfTheStream() throws IOException {
    try (CountingInputStream counted =
        new CountingInputStream(new ByteArrayInputStream(new byte[10]))) {
      assertThat(counted.read()).isZero();
      assertThat(counted.skip(4)).isEqualTo(4);
      assertThat(counted.read(new byte[8], 0, 8)).isEqualTo(5);
      assertThat(counted.read()).isEqualTo(-1);
      assertThat(counted.read(new byte[8], 0, 8)).isEqualTo(-1);
      assertThat(counted.count()).isEqualTo(10);
      assertThat(counted.markSupported()).isFalse();
    }
  }

  @Test
  void skippedBytesReachAStreamBelowSoTheCountAndADigestCoverTheSameBytes() throws Exception {
    byte[] bytes = Files.readAllBytes(TestData.sms());
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (CountingInputStream counted =
        new CountingInputStream(new DigestInputStream(new ByteArrayInputStream(bytes), digest))) {
      assertThat(counted.skip(20_000)).isEqualTo(20_000);
      counted.transferTo(OutputStream.nullOutputStream());
      assertThat(counted.skip(10)).isZero();
      assertThat(counted.count()).isEqualTo(bytes.length);
      assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
  }

  @Test
  void refusesResetRatherThanCountingBytesTwice() throws IOException {
    try (CountingInputStream counted =
        new CountingInputStream(new ByteArrayInputStream(new byte[4]))) {
      counted.mark(4);
      assertThat(counted.read(new byte[4], 0, 4)).isEqualTo(4);
      assertThatThrownBy(counted::reset).isInstanceOf(IOException.class);
      assertThat(counted.count()).isEqualTo(4);
    }
  }
}
