package org.homodyne.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The read-only file channel jhdf reads through, refusing any positional read or mapping that
 * runs past the end of the file. jhdf 0.13 sizes a header buffer from the file, then fills it with
 * {@code read(buffer, address)} in a loop that never advances {@code address}: a corrupt size made
 * it copy the file's tail over and over into a 540 MB buffer (slowly, and then parsed the copies as
 * headers). Here such a read fails at once with an IOException, which jhdf reports as an
 * HdfException (docs/jhdf-upstream.md, issue 3). Reads of a valid file never cross its end.
 */
final class BoundedFileChannel extends FileChannel {
    private final FileChannel delegate;
    private final long size;

    BoundedFileChannel(FileChannel delegate) throws IOException {
        this.delegate = delegate;
        this.size = delegate.size();
    }

    private void requireInside(long position, long length) throws IOException {
        if (position < 0 || length < 0 || position > size - length) {
            throw new IOException("a read of " + length + " bytes at byte " + position + " runs past the end of the"
                    + " file (" + size + " bytes): a size or address in the file is corrupt");
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        requireInside(position, dst.remaining());
        return delegate.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long length) throws IOException {
        requireInside(position, length);
        return delegate.map(mode, position, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public FileChannel truncate(long newSize) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
