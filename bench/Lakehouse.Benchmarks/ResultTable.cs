using Spectre.Console;

namespace Lakehouse.Benchmarks;

/// <summary>One benchmark's figures: a row per measured system, the peer beside ours.</summary>
public sealed class ResultTable(string title, IReadOnlyList<string> columns)
{
    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly List<string> _notes = [];

    public void AddRow(params string[] cells) => _rows.Add(cells);

    public void AddNote(string note) => _notes.Add(note);

    public void Write()
    {
        // Redirected output (CI logs, docs) gets the full width instead of the 80-column fallback.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Markdown };
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        foreach (var row in _rows)
        {
            table.AddRow(row.Select(c => new Markup(Markup.Escape(c))).ToArray());
        }

        AnsiConsole.Write(table);
        foreach (var note in _notes)
        {
            AnsiConsole.MarkupLine(Markup.Escape(note));
        }

        AnsiConsole.WriteLine();
    }
}
