using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Policy.Api.Export;

/// <summary>
/// CSV as RFC 4180 (CRLF line ends; a field holding a delimiter, a quote or a line break is quoted,
/// quotes doubled) and safe to open in a spreadsheet under any delimiter. A cell that begins with =,
/// +, -, @, a tab or a carriage return would be run as a formula, so it gets a leading apostrophe.
/// The same holds after every comma, semicolon, tab, pipe and line break inside a field: the file may
/// be opened with another delimiter than it was written with (a comma file in German Excel splits on
/// semicolons, and does not see quotes that are not at the start of its cells), and then such a place
/// starts a cell. An apostrophe at any of these places gets one too, so that removing one apostrophe
/// at each of them (<see cref="Unescape"/>) always restores the value.
/// </summary>
public static class Csv
{
    public static void AppendField(StringBuilder sb, string? value, char delimiter)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var escaped = NeedsFormulaEscape(value) ? Escape(value) : value;
        if (escaped.AsSpan().IndexOfAny(CellStarts) >= 0 || escaped.Contains(delimiter, StringComparison.Ordinal) || escaped.Contains('"', StringComparison.Ordinal))
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

    /// <summary>The value a formula-escaped cell stood for: one apostrophe fewer at its start and after each delimiter or line break.</summary>
    public static string Unescape(string cell)
    {
        var sb = new StringBuilder(cell.Length);
        var atStart = true;
        foreach (var c in cell)
        {
            if (atStart && c == '\'')
            {
                atStart = false; // the next character is the value's own, whatever it is
                continue;
            }

            sb.Append(c);
            atStart = StartsCell(c);
        }

        return sb.ToString();
    }

    /// <summary>Whether the value has a formula start (or an apostrophe) at its start or after a delimiter or line break.</summary>
    public static bool NeedsFormulaEscape(string value)
    {
        var atStart = true;
        foreach (var c in value)
        {
            if (atStart && IsFormulaStart(c))
            {
                return true;
            }

            atStart = StartsCell(c);
        }

        return false;
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 4);
        var atStart = true;
        foreach (var c in value)
        {
            if (atStart && IsFormulaStart(c))
            {
                sb.Append('\'');
            }

            sb.Append(c);
            atStart = StartsCell(c);
        }

        return sb.ToString();
    }

    /// <summary>Characters after which a spreadsheet may start a new cell: the common delimiters and line breaks.</summary>
    private static readonly SearchValues<char> CellStarts = SearchValues.Create(",;\t|\r\n");

    private static bool StartsCell(char c) => CellStarts.Contains(c);

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';

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
