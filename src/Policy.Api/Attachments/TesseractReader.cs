using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Policy.Core.Attachments;
using Policy.Core.Decision;
using Policy.Core.Model;

namespace Policy.Api.Attachments;

/// <summary>
/// Reads the text in an image with Tesseract's command-line program: the image goes in through
/// stdin, words with their boxes come back as TSV on stdout, nothing is written to disk. The program
/// runs with one thread (the machine's cores serve the checks) and is killed, with any child, when
/// the request's time runs out or the caller goes away.
/// </summary>
public sealed class TesseractReader(IOptions<AttachmentOptions> options, ILogger<TesseractReader> log)
{
    private readonly AttachmentOptions _options = options.Value;

    /// <summary>The words of a binary PGM image, in its pixels; null when the program failed (it is logged, the image is not).</summary>
    public async Task<IReadOnlyList<RecognizedWord>?> ReadAsync(byte[] pgm, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.TesseractPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A PGM carries no resolution; 300 dpi is Tesseract's own assumption for scans, and screen text
        // of 20–40 px a line reads best with it.
        foreach (var a in new[] { "stdin", "stdout", "-l", _options.Languages, "--dpi", "300", "--psm", "3", "tsv" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("not started");
        }
        catch (Win32Exception ex)
        {
            log.LogError("Text recognition could not start {Program}: {Reason}. Install tesseract-ocr, tesseract-ocr-deu and tesseract-ocr-eng, or set Policy:Attachments:ReadText to false.", _options.TesseractPath, ex.Message);
            return null;
        }

        using (process)
        {
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(ct);
                var errors = process.StandardError.ReadToEndAsync(ct);
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(pgm, ct);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The program ended before reading the image; its exit code tells why.
                }

                await process.WaitForExitAsync(ct);
                var tsv = await output;
                await errors;
                if (process.ExitCode != 0)
                {
                    log.LogWarning("Text recognition ended with exit code {ExitCode}.", process.ExitCode);
                    return null;
                }

                return Parse(tsv);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(2_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Tesseract's TSV: level page block par line word left top width height conf text; level 5 is a word.</summary>
    internal static List<RecognizedWord> Parse(string tsv)
    {
        var words = new List<RecognizedWord>();
        Span<Range> cells = stackalloc Range[13];
        foreach (var row in tsv.AsSpan().EnumerateLines())
        {
            if (!row.StartsWith("5\t"))
            {
                continue;
            }

            var n = row.Split(cells, '\t');
            if (n < 12)
            {
                continue;
            }

            var text = row[cells[11]].ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var conf = double.Parse(row[cells[10]], NumberStyles.Float, CultureInfo.InvariantCulture);
            var line = (Int(row, cells[2]) * 1_000_000) + (Int(row, cells[3]) * 1_000) + Int(row, cells[4]);
            var box = new ImageBox(Int(row, cells[6]), Int(row, cells[7]), Int(row, cells[8]), Int(row, cells[9]));
            words.Add(new RecognizedWord(text, box, (int)conf, line));
        }

        return words;
    }

    private static int Int(ReadOnlySpan<char> row, Range cell) => int.Parse(row[cell], NumberStyles.Integer, CultureInfo.InvariantCulture);
}
