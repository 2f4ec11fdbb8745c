using System.Security.Cryptography;
using System.Text;

namespace Policy.Api.Export;

/// <summary>
/// CSV as RFC 4180 (CRLF line ends; a field holding the delimiter, a quote or a line break is quoted,
/// quotes doubled) and safe to open in a spreadsheet: a cell that begins with =, +, -, @, a tab or a
/// carriage return would be run as a formula, so it gets a leading apostrophe; a cell that begins with an
/// apostrophe gets one too, so that removing one leading apostrophe always restores the value.
/// </summary>
public static class Csv
{
    public static void AppendField(StringBuilder sb, string? value, char delimiter)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var escaped = NeedsFormulaEscape(value) ? "'" + value : value;
        if (escaped.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0)
        {
            sb.Append('"').Append(escaped.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            sb.Append(escaped);
        }
    }

    public static void AppendRow(StringBuilder sb, char delimiter, params ReadOnlySpan<string?> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(delimiter);
            }

            AppendField(sb, fields[i], delimiter);
        }

        sb.Append("\r\n");
    }

    /// <summary>The value a formula-escaped cell stood for.</summary>
    public static string Unescape(string cell) => cell.StartsWith('\'') ? cell[1..] : cell;

    public static bool NeedsFormulaEscape(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';

    /// <summary>"comma" (default), "semicolon" (German Excel), or the character itself.</summary>
    public static char? Delimiter(string? name) => name switch
    {
        null or "" or "comma" or "," => ',',
        "semicolon" or ";" => ';',
        _ => null,
    };

    /// <summary>UTF-8 with a byte order mark, so Excel reads umlauts right.</summary>
    public static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);
}

/// <summary>Passes writes through and hashes them (SHA-256) and counts them on the way, so a streamed file has its hash at the end.</summary>
public sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesWritten { get; private set; }

    public string Sha256() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        BytesWritten += buffer.Length;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
