namespace Kogge.Web.Modules.Cases;

/// <summary>The German words (resource keys) for a case's status and timeline entries, as the applicant reads them.</summary>
public static class CaseTexts
{
    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Submitted => "Eingegangen",
        CaseStatus.InProgress => "In Bearbeitung",
        CaseStatus.WaitingForApplicant => "Wartet auf Ihre Unterlagen",
        CaseStatus.Decided => "Entschieden",
        CaseStatus.Closed => "Abgeschlossen",
        CaseStatus.Withdrawn => "Zurückgezogen",
        _ => status.ToString(),
    };

    public static string Event(string kind) => kind switch
    {
        CaseEventKinds.Submitted => "Ihr Antrag ist bei uns eingegangen.",
        CaseEventKinds.ProcessStarted => "Die Bearbeitung hat begonnen.",
        CaseEventKinds.DocumentAdded => "Eine Unterlage ist eingegangen.",
        CaseEventKinds.ReceiptConfirmed => "Wir haben den Empfang Ihrer Anzeige bescheinigt.",
        CaseEventKinds.BodyNotified => "Wir haben eine weitere zuständige Stelle unterrichtet:",
        CaseEventKinds.FeePaid => "Sie haben die Gebühr bezahlt.",
        CaseEventKinds.DocumentsRequested => "Wir haben Unterlagen bei Ihnen angefordert.",
        CaseEventKinds.DocumentsAnswered => "Sie haben Unterlagen nachgereicht.",
        CaseEventKinds.DocumentsReminded => "Wir haben Sie an die fehlenden Unterlagen erinnert.",
        _ => "Ihr Antrag wurde bearbeitet.",
    };
}
