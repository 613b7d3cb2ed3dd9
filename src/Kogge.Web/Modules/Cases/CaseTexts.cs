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
        CaseEventKinds.FeeReminded => "Wir haben Sie an die offene Gebühr erinnert.",
        CaseEventKinds.RenewalReminded => "Wir haben Sie daran erinnert, den Ausweis rechtzeitig zu verlängern.",
        CaseEventKinds.DocumentsRequested => "Wir haben Unterlagen bei Ihnen angefordert.",
        CaseEventKinds.DocumentsAnswered => "Sie haben Unterlagen nachgereicht.",
        CaseEventKinds.DocumentsReminded => "Wir haben Sie an die fehlenden Unterlagen erinnert.",
        CaseEventKinds.InProgress => "Ihr Antrag wird bearbeitet.",
        CaseEventKinds.NoticeIssued => "Ihr Bescheid liegt in Ihrem Postfach.",
        CaseEventKinds.Closed => "Ihr Antrag ist abgeschlossen.",
        CaseEventKinds.Cancelled => "Die Bearbeitung Ihres Antrags wurde beendet.",
        _ => "Ihr Antrag wurde bearbeitet.",
    };

    /// <summary>A timeline entry as the clerks read it in the case file, internal steps included.</summary>
    public static string ForClerk(string kind) => kind switch
    {
        CaseEventKinds.Submitted => "Antrag eingegangen",
        CaseEventKinds.ProcessStarted => "Ablauf gestartet",
        CaseEventKinds.DocumentAdded => "Unterlage eingegangen",
        CaseEventKinds.InProgress => "In Bearbeitung genommen",
        CaseEventKinds.FeePaid => "Gebühr bezahlt",
        CaseEventKinds.FeeReminded => "An die offene Gebühr erinnert",
        CaseEventKinds.RenewalReminded => "An die Verlängerung erinnert",
        CaseEventKinds.TaskCreated => "Aufgabe angelegt",
        CaseEventKinds.TaskClaimed => "Aufgabe übernommen",
        CaseEventKinds.TaskCompleted => "Aufgabe erledigt",
        CaseEventKinds.NoticeIssued => "Bescheid erstellt und ins Postfach gelegt",
        CaseEventKinds.Closed => "Vorgang abgeschlossen",
        CaseEventKinds.Cancelled => "Ablauf abgebrochen",
        _ => "Bearbeitet",
    };

    /// <summary>A case's result in words.</summary>
    public static string Result(string? result) => result switch
    {
        CaseResults.Approved => "bewilligt",
        CaseResults.Rejected => "abgelehnt",
        CaseResults.Withdrawn => "zurückgezogen",
        null => "–",
        _ => result,
    };
}
