using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Core.Attachments;

/// <summary>
/// Text read from an image goes through the same engine as the draft. Its findings point into the
/// image (attachment index and box) instead of into the draft, so their span is empty.
/// </summary>
public static class ImageTextCheck
{
    /// <summary>Checks the text of attachment <paramref name="attachment"/> in the context of
    /// <paramref name="draft"/> (account, author, crisis mode), with messages in <paramref name="language"/>.</summary>
    public static IReadOnlyList<Finding> Check(CompiledPack pack, CheckRequest draft, string language, RecognizedText text, int attachment, CheckBudget budget)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(text);
        if (text.Text.Length == 0)
        {
            return [];
        }

        var request = draft with { Text = text.Text, Language = language, Attachments = [] };
        var result = CheckEngine.Check(pack, request, Normalizer.Normalize(text.Text), budget);
        var findings = new List<Finding>(result.Findings.Count);
        foreach (var f in result.Findings)
        {
            // The trained layer learned from posts people write, not from text read off a slide or a
            // screenshot: on a page of repeated headings it is out of its depth (a planning slide read
            // as a trading tip). Rules and detectors judge an image's text; a page full of text has a
            // rule of its own (review).
            if (pack.ClassifierRuleIds.Contains(f.RuleId))
            {
                continue;
            }

            // A finding without words (a rule that failed, a missing disclaimer, crisis mode) points
            // at the image as a whole: no box. Combine drops it when the draft says the same.
            findings.Add(f with { Start = 0, Length = 0, Attachment = attachment, Box = f.Length == 0 ? null : text.BoxOf(f.Start, f.Length) });
        }

        return findings;
    }

    /// <summary>The draft's result with the findings from its images: the highest severity decides.</summary>
    public static CheckResult Combine(CheckResult draft, IReadOnlyList<Finding> fromImages)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(fromImages);
        if (fromImages.Count == 0)
        {
            return draft;
        }

        // What the draft's own check already says about the post as a whole is not repeated per image.
        var ordered = fromImages
            .Where(f => f.Box is not null || !draft.Findings.Any(d => d.Length == 0 && d.Attachment is null && d.RuleId == f.RuleId))
            .OrderBy(f => f.Attachment)
            .ThenBy(f => f.Box?.Y ?? -1)
            .ThenBy(f => f.Box?.X ?? -1)
            .ThenByDescending(f => f.Severity);
        var kept = ordered.ToList();
        var decision = draft.Decision;
        foreach (var f in kept)
        {
            if (f.Severity > decision)
            {
                decision = f.Severity;
            }
        }

        return new CheckResult(decision, [.. draft.Findings, .. kept], draft.Language);
    }
}
