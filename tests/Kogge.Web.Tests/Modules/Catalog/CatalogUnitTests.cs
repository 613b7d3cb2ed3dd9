using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Citizen;
using Kogge.Web.Modules.Catalog.Versions;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Tests.Modules.Catalog;

public class CatalogUnitTests
{
    [Theory]
    [InlineData("99050012104000", "99050012104000")]
    [InlineData("99 050 012 104 000", "99050012104000")]
    [InlineData(" 99050012104000 ", "99050012104000")]
    [InlineData("9905001210400", null)]
    [InlineData("990500121040001", null)]
    [InlineData("9905001210400A", null)]
    [InlineData("99O50012104000", null)]
    [InlineData("٩٩050012104000", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void LeikaKey_Input_IsExactlyFourteenAsciiDigits(string? input, string? expected) =>
        Assert.Equal(expected, LeikaKey.Normalize(input));

    [Fact]
    public void LeikaKey_Display_GroupsLikeTheCatalogue() =>
        Assert.Equal("99 050 012 104 000", LeikaKey.Display("99050012104000"));

    [Theory]
    [InlineData("Straße", true)]
    [InlineData("strasse", true)]
    [InlineData("STRASSEN", true)]
    [InlineData("öffentliche", true)]
    [InlineData("oeffentliche", true)]
    [InlineData("offentliche", true)]
    [InlineData("Gehweg", false)]
    public void SearchText_UmlautsAndCase_MatchEitherSpelling(string query, bool matches)
    {
        var service = new PublicService { LeikaKey = "99107010012000", Slug = "s", Name = "Sondernutzungserlaubnis für öffentliche Straßen", ShortText = "Für Gerüste." };
        Assert.Equal(matches, CatalogSearch.SearchText(service).Contains(CatalogSearch.FoldQuery(query), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Gewerbe anmelden", "gewerbe-anmelden")]
    [InlineData("Hundesteuer – Hund anmelden", "hundesteuer-hund-anmelden")]
    [InlineData("Sondernutzungserlaubnis für öffentliche Straßen", "sondernutzungserlaubnis-fuer-oeffentliche-strassen")]
    [InlineData("§§§", "leistung")]
    public void Slug_FromName_IsReadableAscii(string name, string expected) => Assert.Equal(expected, CatalogSearch.Slug(name));

    [Fact]
    public void ServiceVersion_Published_RefusesEveryArtifactWrite()
    {
        var version = new ServiceVersion { Number = 1, State = VersionState.Draft };
        version.SetArtifact(ArtifactKind.Form, "antrag", "{}", DateTimeOffset.UnixEpoch);
        version.State = VersionState.Published;

        Assert.Throws<VersionFrozenException>(() => version.SetArtifact(ArtifactKind.Form, "antrag", "{ }", DateTimeOffset.UnixEpoch));
        Assert.Throws<VersionFrozenException>(() => version.SetArtifact(ArtifactKind.Form, "neu", "{}", DateTimeOffset.UnixEpoch));
        Assert.Throws<VersionFrozenException>(() => version.RemoveArtifact(ArtifactKind.Form, "antrag"));
        Assert.Equal("{}", Assert.Single(version.Artifacts).Content);
    }

    [Fact]
    public void SectionText_ListsAndParagraphs_AreEncoded()
    {
        var html = SectionText.Render("Erster Absatz\nzweite Zeile\n\n- Punkt <b>eins</b>\n- Punkt zwei\nSchluss", System.Text.Encodings.Web.HtmlEncoder.Default).ToString();
        Assert.Equal(
            "<p class=\"kern-body\">Erster Absatz<br>zweite Zeile</p><ul class=\"kern-list kern-list--bullet\"><li>Punkt &lt;b&gt;eins&lt;/b&gt;</li><li>Punkt zwei</li></ul><p class=\"kern-body\">Schluss</p>",
            html);
    }

    [Fact]
    public void Upload_XmlWithDtd_IsRefused()
    {
        var result = ArtifactUpload.Accept(ArtifactKind.Process, null, CatalogSamples.WithDtd, new GermanText());
        Assert.Null(result.Content);
        Assert.Contains("DTD", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"components\": [] }", "keine ID")]
    [InlineData("{ \"id\": \"a b\", \"components\": [] }", "Formular-ID")]
    [InlineData("{ \"id\": \"antrag\" }", "components")]
    [InlineData("{ \"id\": ", "kein gültiges JSON")]
    [InlineData("   ", "Bitte laden Sie")]
    public void Upload_BadForm_IsRefusedWithReason(string json, string reason)
    {
        var result = ArtifactUpload.Accept(ArtifactKind.Form, null, json, new GermanText());
        Assert.Null(result.Content);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_Form_IsNamedByItsId()
    {
        var result = ArtifactUpload.Accept(ArtifactKind.Form, "ignoriert", CatalogSamples.Form("bewohnerparken-antrag"), new GermanText());
        Assert.Null(result.Error);
        Assert.Equal("bewohnerparken-antrag", result.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../etc/passwd")]
    [InlineData("mit leerzeichen")]
    public void Upload_NoticeTemplateWithBadName_IsRefusedForTheName(string? name)
    {
        var result = ArtifactUpload.Accept(ArtifactKind.NoticeTemplate, name, "Hallo {{ name }}", new GermanText());
        Assert.True(result.NameRefused);
    }

    /// <summary>The German texts as they are: the resource keys.</summary>
    private sealed class GermanText : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
