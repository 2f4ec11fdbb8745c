namespace Policy.Core.Model;

/// <summary>Ordered from harmless to forbidden; a decision is the highest severity of its findings.</summary>
public enum Severity
{
    Allow = 0,
    Info = 1,
    Warn = 2,
    Review = 3,
    Block = 4,
}

public static class SeverityNames
{
    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Allow => "allow",
        Severity.Info => "info",
        Severity.Warn => "warn",
        Severity.Review => "review",
        Severity.Block => "block",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    public static bool TryParse(string? value, out Severity severity)
    {
        switch (value)
        {
            case "allow": severity = Severity.Allow; return true;
            case "info": severity = Severity.Info; return true;
            case "warn": severity = Severity.Warn; return true;
            case "review": severity = Severity.Review; return true;
            case "block": severity = Severity.Block; return true;
            default: severity = Severity.Allow; return false;
        }
    }
}
