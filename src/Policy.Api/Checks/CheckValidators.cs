using FluentValidation;
using Policy.Api.Validation;

namespace Policy.Api.Checks;

public sealed class CheckRequestValidator : AbstractValidator<CheckRequestDto>, IQuickValidation<CheckRequestDto>
{
    public const int MaxTextLength = 10_000;
    public const int MaxAttachments = AttachmentList.MaxAttachments;

    public CheckRequestValidator()
    {
        RuleFor(r => r.Text)
            .NotEmpty().WithMessage("'text' is required and must not be empty.")
            .MaximumLength(MaxTextLength).WithMessage("'text' may hold at most 10,000 UTF-16 code units (as JavaScript's length counts them: most emoji count as two).")
            .OverridePropertyName("text");
        RuleFor(r => r.Language)
            .Must(l => l is null or "de" or "en" or "auto").WithMessage("'language' must be de, en or auto.")
            .OverridePropertyName("language");
        RuleFor(r => r.Account!.Kind)
            .Must(k => k is null or "corporate" or "private").WithMessage("'account.kind' must be corporate or private.")
            .OverridePropertyName("account.kind")
            .When(r => r.Account is not null);
        RuleFor(r => r.Account!.Handle)
            .MaximumLength(100).OverridePropertyName("account.handle")
            .When(r => r.Account is not null);
        RuleFor(r => r.Attachments)
            .Must(a => a is null || a.Count <= MaxAttachments).WithMessage($"at most {MaxAttachments} attachments.")
            .OverridePropertyName("attachments");
        RuleForEach(r => r.Attachments)
            .NotNull().WithMessage("each attachment must be an object, not null.")
            .SetValidator(new AttachmentValidator())
            .OverridePropertyName("attachments");
    }

    /// <summary>
    /// The rules above for a draft without attachments, without FluentValidation's per-call
    /// allocations; drafts with attachments (and every invalid draft) go through the full rules.
    /// </summary>
    public bool IsCertainlyValid(CheckRequestDto r) =>
        !string.IsNullOrWhiteSpace(r.Text)
        && r.Text.Length <= MaxTextLength
        && r.Language is null or "de" or "en" or "auto"
        && (r.Account is null || (r.Account.Kind is null or "corporate" or "private" && (r.Account.Handle is null || r.Account.Handle.Length <= 100)))
        && (r.Attachments is null || r.Attachments.Count == 0);
}

public sealed class AttachmentValidator : AbstractValidator<AttachmentDto>
{
    public AttachmentValidator()
    {
        RuleFor(a => a.FileName).NotEmpty().MaximumLength(255).OverridePropertyName("fileName");
        RuleFor(a => a.MediaType).NotEmpty().MaximumLength(100).OverridePropertyName("mediaType");
        RuleFor(a => a.AltText).MaximumLength(2_000).OverridePropertyName("altText");
        RuleFor(a => a.License)
            .Must(l => l is null or "own" or "licensed" or "unknown").WithMessage("'license' must be own, licensed or unknown.")
            .OverridePropertyName("license");
        RuleFor(a => a.Gps!.Lat).InclusiveBetween(-90, 90).OverridePropertyName("gps.lat").When(a => a.Gps is not null);
        RuleFor(a => a.Gps!.Lon).InclusiveBetween(-180, 180).OverridePropertyName("gps.lon").When(a => a.Gps is not null);
    }
}

public sealed class BatchRequestValidator : AbstractValidator<BatchRequestDto>, IQuickValidation<BatchRequestDto>
{
    public const int MaxItems = BatchItems.MaxItems;

    private readonly CheckRequestValidator _item = new();

    public BatchRequestValidator()
    {
        RuleFor(b => b.Items)
            .NotEmpty().WithMessage("'items' must hold at least one draft.")
            .Must(i => i is null || i.Count <= MaxItems).WithMessage($"'items' may hold at most {MaxItems} drafts.")
            .OverridePropertyName("items");
        // A null item is named like any other bad item; the mapping to the engine never sees it.
        RuleForEach(b => b.Items)
            .NotNull().WithMessage("each item must be a draft object, not null.")
            .SetValidator(new CheckRequestValidator())
            .OverridePropertyName("items");
    }

    /// <inheritdoc cref="CheckRequestValidator.IsCertainlyValid"/>
    public bool IsCertainlyValid(BatchRequestDto b)
    {
        if (b.Items is not { Count: > 0 and <= MaxItems } items)
        {
            return false;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null || !_item.IsCertainlyValid(items[i]))
            {
                return false;
            }
        }

        return true;
    }
}
