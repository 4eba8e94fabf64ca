package io.rangefinder.engine;

import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes ranges at their offsets into a temp file beside the target, and renames it into place
 * only when every byte has arrived; a failed or cancelled download deletes the temp file, so the
 * target name never holds a partial object. Memory use is the engine's buffers, not the object.
 */
public final class FileSink implements ReadableSink {

    private final Path target;
    private final Path temp;
    private FileChannel channel;

    public FileSink(Path target) {
        this.target = target.toAbsolutePath().normalize();
        Path dir = this.target.getParent();
        String name = "." + this.target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".rfpart";
        this.temp = dir == null ? Path.of(name) : dir.resolve(name);
    }

    public Path target() {
        return target;
    }

    /** Where bytes go until the download commits. */
    public Path tempFile() {
        return temp;
    }

    @Override
    public void open(long size) throws IOException {
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.isDirectory(target)) {
            throw new StorageException.InvalidArgument(target + " is a folder; give a file name to download to");
        }
        channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /**
     * Copies {@code count} bytes from {@code source}'s current position to {@code position} of the
     * download, file to file in the kernel where the OS can (copy_file_range on Linux).
     *
     * @return bytes copied; fewer than asked only at the source's end
     */
    long transferFrom(FileChannel source, long position, long count) throws IOException {
        return channel.transferFrom(source, position, count);
    }

    @Override
    public void write(long position, byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(buffer, offset, length);
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public void commit() throws IOException {
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void abort() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the temp file goes next either way
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more can be done; it is a hidden .rfpart file, never the target name
        }
    }
}
