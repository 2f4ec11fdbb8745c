using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "kubernetes-secret-yaml": a Kubernetes manifest of <c>kind: Secret</c> whose <c>data:</c> section holds
/// base64 values (inline, quoted, or as a <c>|</c> / <c>&gt;</c> block). Each value of 12 or more base64
/// characters is a hit. Other kinds (ExternalSecret, SopsSecret), templates and empty values are not.
/// </summary>
public sealed class KubernetesSecretYamlDetector : IDetector
{
    public string Name => "kubernetes-secret-yaml";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } = ["secret"];

    private static readonly Regex KindSecret = new(
        @"(?im)^[ \t]*kind[ \t]*:[ \t]*[""']?secret[""']?[ \t]*$", SecretText.Linear, SecretText.Timeout);

    private static readonly Regex DataLine = new(@"(?m)^(?<ind>[ \t]*)data[ \t]*:[ \t]*$", SecretText.Linear, SecretText.Timeout);

    private static readonly Regex DocSeparator = new(@"(?m)^---[ \t]*$", SecretText.Linear, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        var docStart = 0;
        foreach (var sep in DocSeparator.Matches(text).Append(null))
        {
            var docEnd = sep?.Index ?? text.Length;
            ScanDocument(text, docStart, docEnd, hits);
            docStart = sep is null ? text.Length : sep.Index + sep.Length;
        }
    
    }

    private void ScanDocument(string text, int start, int end, List<DetectorHit> hits)
    {
        var doc = text[start..end];
        if (!KindSecret.IsMatch(doc))
        {
            return;
        }

        foreach (System.Text.RegularExpressions.Match data in DataLine.Matches(doc))
        {
            var dataIndent = Indent(data.Groups["ind"].Value);
            var pos = data.Index + data.Length;
            var blockIndent = -1;
            var inBlock = false;
            while (pos < doc.Length)
            {
                var lineStart = doc[pos] == '\n' ? pos + 1 : pos;
                if (lineStart >= doc.Length)
                {
                    break;
                }

                var lineEnd = doc.IndexOf('\n', lineStart);
                if (lineEnd < 0)
                {
                    lineEnd = doc.Length;
                }

                pos = lineEnd;
                var line = doc.AsSpan(lineStart, lineEnd - lineStart).TrimEnd('\r');
                var trimmed = line.TrimStart(" \t");
                if (trimmed.IsEmpty || trimmed[0] == '#')
                {
                    continue;
                }

                var indent = Indent(line[..(line.Length - trimmed.Length)]);
                if (indent <= dataIndent)
                {
                    break; // left the data: mapping
                }

                var offset = start + lineStart + (line.Length - trimmed.Length);
                if (inBlock && indent > blockIndent)
                {
                    AddIfBase64(trimmed, offset, hits);
                    continue;
                }

                inBlock = false;
                var colon = trimmed.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var value = trimmed[(colon + 1)..].TrimStart(" \t");
                var valueOffset = offset + (trimmed.Length - value.Length);
                if (value is "|" or ">" or "|-" or ">-")
                {
                    inBlock = true;
                    blockIndent = indent;
                    continue;
                }

                if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
                {
                    value = value[1..^1];
                    valueOffset++;
                }

                AddIfBase64(value, valueOffset, hits);
            }
        }
    }

    private void AddIfBase64(ReadOnlySpan<char> v, int offset, List<DetectorHit> hits)
    {
        if (v.Length < 12 || v.Length % 4 != 0)
        {
            return;
        }

        var pad = v.Length - v.TrimEnd('=').Length;
        if (pad > 2)
        {
            return;
        }

        foreach (var c in v[..^pad])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return;
            }
        }

        hits.Add(new DetectorHit(offset, v.Length, Name));
    }

    private static int Indent(ReadOnlySpan<char> ws)
    {
        var n = 0;
        foreach (var c in ws)
        {
            n += c == '\t' ? 2 : 1;
        }

        return n;
    }
}
