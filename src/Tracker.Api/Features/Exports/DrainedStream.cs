namespace Tracker.Api.Features.Exports;

/// <summary>
/// A write-only stream that collects what is written into a small buffer which <see cref="DrainAsync"/> moves to the
/// target asynchronously. ZipArchive closes its entries with synchronous writes, which Kestrel refuses; written
/// through this, those writes land in memory and the caller drains them after each row batch and each entry, so the
/// buffer never holds more than a batch.
/// </summary>
public sealed class DrainedStream(Stream target) : Stream
{
    /// <summary>Drain once this much is waiting.</summary>
    public const int Threshold = 64 * 1024;

    private readonly MemoryStream buffer = new();

    public bool IsFull => buffer.Length >= Threshold;

    public async Task DrainAsync(CancellationToken ct)
    {
        if (buffer.Length == 0) return;
        await target.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        buffer.SetLength(0);
    }

    public override void Write(byte[] bytes, int offset, int count) => buffer.Write(bytes, offset, count);
    public override void Write(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    public override Task WriteAsync(byte[] bytes, int offset, int count, CancellationToken ct)
    {
        buffer.Write(bytes, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        buffer.Write(bytes.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] bytes, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
