using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// Checks a CSV file byte by byte as the first pass reads it, before the parser buffers anything: a NUL byte means
/// binary data, a row longer than <see cref="MaxRowBytes"/> (a missing closing quote swallowing the file, or a huge
/// line) is refused before it fills memory, and a quote still open at the end means a truncated file. Each is a 422
/// for the whole file, found before anything is written. Quotes are counted as the parser counts them: each one
/// toggles, so an escaped <c>""</c> toggles twice.
/// </summary>
public sealed class CsvGuard(Stream inner) : ForwardReadStream
{
    public const int MaxRowBytes = 1024 * 1024;

    private int _line = 1;
    private int _rowLine = 1;
    private int _quoteLine;
    private bool _inQuote;
    private long _rowBytes;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var read = await inner.ReadAsync(buffer, ct);
        if (read == 0 && _inQuote)
            throw ApiException.Invalid("file", $"The quoted field that starts on line {_quoteLine} is never closed: the file is cut short or a quote is missing.");
        Check(buffer.Span[..read]);
        return read;
    }

    private void Check(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            switch (b)
            {
                case 0:
                    throw ApiException.Invalid("file", $"Line {_line} holds binary data: the file must be a CSV text file.");
                case (byte)'"':
                    _inQuote = !_inQuote;
                    if (_inQuote) _quoteLine = _line;
                    break;
                case (byte)'\n':
                    _line++;
                    if (!_inQuote)
                    {
                        _rowBytes = 0;
                        _rowLine = _line;
                        continue;
                    }
                    break;
            }
            if (++_rowBytes > MaxRowBytes)
                throw ApiException.Invalid("file", $"The row on line {_rowLine} is longer than {MaxRowBytes / 1024} KiB"
                    + (_inQuote ? $" (a quoted field opened on line {_quoteLine} may never close)." : "."));
        }
    }
}
