package io.gatehouse.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * The fixture's media samples, base64-encoded: a 1x1 red PNG and a few milliseconds of silent WAV.
 */
final class FixtureMedia {

  static final String PNG_MIME_TYPE = "image/png";
  static final String WAV_MIME_TYPE = "audio/wav";
  static final String RED_PIXEL_PNG = Base64.getEncoder().encodeToString(redPixelPng());
  static final String SILENT_WAV = Base64.getEncoder().encodeToString(silentWav());

  private FixtureMedia() {}

  private static byte[] redPixelPng() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xFF0000);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the fixture PNG", e);
    }
    return png.toByteArray();
  }

  /** 8 samples of 16-bit mono PCM at 8 kHz; the zero-filled data section is silence. */
  private static byte[] silentWav() {
    int sampleRate = 8000;
    short channels = 1;
    short bitsPerSample = 16;
    short blockAlign = (short) (channels * bitsPerSample / 8);
    int dataSize = 8 * blockAlign;
    ByteBuffer wav = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(US_ASCII)).putInt(36 + dataSize).put("WAVE".getBytes(US_ASCII));
    wav.put("fmt ".getBytes(US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort(channels)
        .putInt(sampleRate)
        .putInt(sampleRate * blockAlign)
        .putShort(blockAlign)
        .putShort(bitsPerSample);
    wav.put("data".getBytes(US_ASCII)).putInt(dataSize);
    return wav.array();
  }
}
