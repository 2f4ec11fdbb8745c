using FluentValidation;

namespace Policy.Api.Reviews;

/// <summary>Ask for approval of a checked draft.</summary>
/// <param name="CheckId">The checkId of your own check whose decision was warn or review.</param>
/// <param name="Note">What the reviewer should know (optional, up to 1,000 characters).</param>
/// <param name="Text">The draft, exactly as checked; only with <paramref name="ShareText"/> true. Stored encrypted and deleted after the review closes plus the retention.</param>
/// <param name="ShareText">Your explicit consent to store the text for the reviewers.</param>
public sealed record ReviewRequestDto(Guid? CheckId, string? Note, string? Text, bool ShareText);

/// <param name="Reason">Why (required to reject or ask for changes; optional with an approval).</param>
/// <param name="Text">An approval only: the text as the reviewer edited it; it is checked again and becomes the approved text.</param>
public sealed record ReviewDecisionDto(string? Reason, string? Text);

public sealed record ReviewFindingDto(string RuleId, string SectionId, string Category, string Severity);

/// <summary>A review request and where it stands. Texts appear only for the author and the reviewers, and only while kept.</summary>
/// <param name="Route">crisis (the crisis team), spokespeople (those with the draft's topics) or hr.</param>
/// <param name="State">pending, approved, rejected, changes-requested, expired or withdrawn.</param>
/// <param name="ApprovalReference">Set once approved; a later check of the approved text by the author returns it.</param>
/// <param name="TextKept">Whether a shared text is still stored (it is deleted at <paramref name="TextDeletedAt"/>).</param>
public sealed record ReviewDto(
    string Id,
    Guid CheckId,
    string State,
    string Decision,
    IReadOnlyList<ReviewFindingDto> Findings,
    IReadOnlyList<string> Topics,
    string Channel,
    string Route,
    IReadOnlyList<string> Reviewers,
    string Author,
    string Note,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? Reason,
    string? ApprovalReference,
    bool TextKept,
    DateTimeOffset? TextDeletedAt,
    string? Text,
    string? EditedText,
    bool MayDecide);

/// <summary>An approval with an edited text: the review, and the check of the edited text.</summary>
public sealed record ReviewDecisionResponse(ReviewDto Review, Checks.CheckResponse? Recheck);

public sealed class ReviewRequestValidator : AbstractValidator<ReviewRequestDto>
{
    public ReviewRequestValidator()
    {
        RuleFor(r => r.CheckId).NotNull().WithMessage("'checkId' is required: the id of your check.").OverridePropertyName("checkId");
        RuleFor(r => r.Note).MaximumLength(1_000).OverridePropertyName("note");
        RuleFor(r => r.Text).Null().When(r => !r.ShareText)
            .WithMessage("'text' is stored only with your consent: set 'shareText' to true, or leave 'text' out.").OverridePropertyName("text");
        RuleFor(r => r.Text).NotEmpty().When(r => r.ShareText)
            .WithMessage("'shareText' is true but 'text' is empty: send the draft exactly as checked.").OverridePropertyName("text");
        RuleFor(r => r.Text).MaximumLength(10_000).OverridePropertyName("text");
    }
}

public sealed class ReviewDecisionValidator : AbstractValidator<ReviewDecisionDto>
{
    public ReviewDecisionValidator()
    {
        RuleFor(r => r.Reason).MaximumLength(2_000).OverridePropertyName("reason");
        RuleFor(r => r.Text).MaximumLength(10_000).OverridePropertyName("text");
    }
}
