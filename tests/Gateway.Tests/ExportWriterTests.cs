using System.Text;
using Canvass.Gateway.Exports;

namespace Canvass.Gateway.Tests;

/// <summary>How CSV cells are written, beside ExportsTests' exports through the host.</summary>
public class ExportWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://127.0.0.1/\")", "'=HYPERLINK(\"http://127.0.0.1/\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("上川社区", "上川社区")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string cell, string written) =>
        Assert.Equal(written, ExportWriter.Text(cell));

    [Fact]
    public async Task Numbers_stay_numbers_and_booleans_are_written_as_on_the_wire()
    {
        var table = new ExportTable("t", ["coverage", "provisional", "note"], [[-0.5, true, "=1+1"], [3, false, null]]);
        using var body = new MemoryStream();

        await ExportWriter.WriteCsvAsync(body, table, "en");

        var lines = Encoding.UTF8.GetString(body.ToArray()).TrimStart('\uFEFF').Split("\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(["-0.5,true,'=1+1", "3,false,"], lines[1..]);
    }
}
