namespace Policy.Cli;

/// <summary>
/// "corpus: 1,200 of 5,000 drafts" on stderr while a long corpus runs: rewritten in place on a
/// terminal, and only there unless asked (--progress), so CI logs and piped output stay clean.
/// With --progress and stderr not a terminal, a plain line every tenth.
/// </summary>
internal sealed class Progress
{
    private readonly TextWriter _error;
    private readonly bool _terminal;
    private readonly bool _enabled;
    private readonly string _label;
    private readonly int _total;
    private int _lastTenth = -1;
    private long _lastTick;

    public Progress(TextWriter error, bool requested, string label, int total)
    {
        _error = error;
        _terminal = !Console.IsErrorRedirected;
        _enabled = requested || _terminal;
        _label = label;
        _total = total;
    }

    public void Report(int done)
    {
        if (!_enabled || _total == 0)
        {
            return;
        }

        if (_terminal)
        {
            var now = Environment.TickCount64;
            if (done < _total && now - _lastTick < 200)
            {
                return;
            }

            _lastTick = now;
            _error.Write($"\r{_label}: {done:N0} of {_total:N0} drafts ({100.0 * done / _total:0}%)   ");
            if (done >= _total)
            {
                _error.WriteLine();
            }

            return;
        }

        var tenth = (int)(10L * done / _total);
        if (tenth != _lastTenth)
        {
            _lastTenth = tenth;
            _error.WriteLine($"{_label}: {done:N0} of {_total:N0} drafts ({100.0 * done / _total:0}%)");
        }
    }
}
