using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// The uploaded file, read from the request as a stream. The first pass reads the upload itself and copies it, as
/// it goes, to a temporary file that later passes read (two passes: whole-file checks and format detection come
/// before anything is written). Memory stays bounded whatever the size; the copy is deleted when this is disposed.
/// </summary>
public sealed class ImportFile : IAsyncDisposable
{
    /// <summary>The largest file accepted (a million-row Toggl export is about 200 MB).</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private readonly Stream _upload;
    private readonly FileStream _copy;
    private bool _firstPassStarted;

    public ImportFile(Stream upload)
    {
        _upload = upload;
        var path = Path.Combine(Path.GetTempPath(), "tracker-import-" + Guid.NewGuid().ToString("N"));
        _copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    /// <summary>The upload as it arrives (once); everything read is also kept for <see cref="NextPassAsync"/>.</summary>
    public Stream FirstPass()
    {
        if (_firstPassStarted) throw new InvalidOperationException("The first pass is read once.");
        _firstPassStarted = true;
        return new CopyingStream(_upload, _copy);
    }

    /// <summary>
    /// The whole file again from its start, seekable (what the first pass left unread is copied first). The stream
    /// stays owned by this file: read it with <c>leaveOpen</c>.
    /// </summary>
    public async Task<Stream> NextPassAsync(CancellationToken ct)
    {
        _firstPassStarted = true;
        await new CopyingStream(_upload, _copy).CopyToAsync(Stream.Null, ct);
        _copy.Position = 0;
        return _copy;
    }

    public async ValueTask DisposeAsync() => await _copy.DisposeAsync();

    /// <summary>Reads the upload and appends what it read to the copy; 413 past <see cref="MaxBytes"/>.</summary>
    private sealed class CopyingStream(Stream upload, FileStream copy) : ForwardReadStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var read = await upload.ReadAsync(buffer, ct);
            if (copy.Length + read > MaxBytes)
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The file is larger than {MaxBytes / 1024 / 1024} MiB.");
            copy.Seek(0, SeekOrigin.End);
            await copy.WriteAsync(buffer[..read], ct);
            return read;
        }
    }
}
