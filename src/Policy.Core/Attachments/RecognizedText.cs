using System.Text;
using Policy.Core.Decision;
using Policy.Core.Model;

namespace Policy.Core.Attachments;

/// <summary>A word read from an image, where it stands, how sure the reader was (0–100) and which line it is on.</summary>
public sealed record RecognizedWord(string Text, ImageBox Box, int Confidence, int Line);

/// <summary>
/// The text read from one image as one string (words of a line joined by a space, lines by a line
/// break), with the box of every word, so a finding's span in that string maps back to a rectangle
/// in the image.
/// </summary>
public sealed class RecognizedText
{
    /// <summary>Words below this confidence still count for findings, not for "a page full of text".</summary>
    public const int ConfidentWord = 60;

    private readonly List<(int Start, int End, ImageBox Box)> _words;

    public RecognizedText(IEnumerable<RecognizedWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var sb = new StringBuilder();
        _words = [];
        int? line = null;
        foreach (var w in words)
        {
            var text = w.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (line is not null)
            {
                sb.Append(line == w.Line ? ' ' : '\n');
            }

            line = w.Line;
            _words.Add((sb.Length, sb.Length + text.Length, w.Box));
            sb.Append(text);
            if (w.Confidence >= ConfidentWord && text.Count(char.IsLetter) >= 2)
            {
                ConfidentWords++;
            }
        }

        Text = sb.ToString();
    }

    public static RecognizedText Empty { get; } = new([]);

    public string Text { get; }

    public int WordCount => _words.Count;

    /// <summary>Words read with confidence that hold at least two letters: what a reader would call words.</summary>
    public int ConfidentWords { get; }

    /// <summary>The smallest rectangle around every word the span touches; null when it touches none.</summary>
    public ImageBox? BoxOf(int start, int length)
    {
        var end = start + Math.Max(length, 1);
        ImageBox? box = null;
        foreach (var (s, e, b) in _words)
        {
            if (s < end && start < e)
            {
                box = box is null ? b : box.Union(b);
            }
        }

        return box;
    }
}
