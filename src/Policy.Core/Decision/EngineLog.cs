using Microsoft.Extensions.Logging;

namespace Policy.Core.Decision;

/// <summary>What the engine logs: rule and pack names and where the failure happened, never a
/// draft's text. The exception itself is not passed on: its message may quote the input (a
/// parser's "'…' is not valid"), and a draft may hold a secret; its type and stack trace only
/// name code.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1001, EventName = "RuleFailed", Level = LogLevel.Error,
        Message = "Rule {RuleId} of pack {PackId} {PackVersion} failed while evaluating ({ExceptionType}); the draft goes to review. At:{StackTrace}")]
    private static partial void RuleFailed(ILogger logger, string ruleId, string packId, string packVersion, string exceptionType, string? stackTrace);

    public static void RuleFailed(ILogger logger, Exception exception, string ruleId, string packId, string packVersion) =>
        RuleFailed(logger, ruleId, packId, packVersion, exception.GetType().FullName ?? exception.GetType().Name, Environment.NewLine + exception.StackTrace);
}
