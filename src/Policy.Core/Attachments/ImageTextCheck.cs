using Policy.Core.Checking;
using Policy.Core.Decision;
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
            if (f.Length == 0 && f.RuleId != CheckEngine.BudgetRuleId)
            {
                // A finding without words is about the post as a whole (a missing disclaimer, crisis
                // mode): the draft's own check already says it; from the image it would be noise.
                continue;
            }

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

        var ordered = fromImages
            .OrderBy(f => f.Attachment)
            .ThenBy(f => f.Box?.Y ?? -1)
            .ThenBy(f => f.Box?.X ?? -1)
            .ThenByDescending(f => f.Severity);
        var decision = draft.Decision;
        foreach (var f in fromImages)
        {
            if (f.Severity > decision)
            {
                decision = f.Severity;
            }
        }

        return new CheckResult(decision, [.. draft.Findings, .. ordered], draft.Language);
    }
}
