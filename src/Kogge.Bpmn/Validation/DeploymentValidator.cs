using Kogge.Bpmn.Engine.Jobs;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;

namespace Kogge.Bpmn.Validation;

/// <summary>
/// Checks before deployment that the engine can execute a model: every element supported, every
/// gateway decidable, every job typed, every expression well-formed. Compensation and transactions
/// are out of scope for Kogge and rejected here.
/// </summary>
public static class DeploymentValidator
{
    /// <summary>Validates the executable processes of a parsed model.</summary>
    /// <param name="parsed">The parse result; its errors are included.</param>
    /// <param name="expressions">The expression language used to check expression syntax.</param>
    /// <returns>Every problem found; deployment must be refused when one has severity error.</returns>
    public static IReadOnlyList<BpmnProblem> Validate(BpmnParseResult parsed, IExpressionLanguage expressions)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(expressions);
        var problems = new List<BpmnProblem>(parsed.Problems.Where(p => p.Severity == BpmnProblemSeverity.Error));
        var definitions = parsed.Definitions;
        var executable = definitions.Processes.Where(p => p.IsExecutable == true).ToList();
        if (executable.Count == 0)
        {
            problems.Add(new BpmnProblem(BpmnProblemSeverity.Error, definitions.Id, definitions.Name, "The file contains no executable process (isExecutable=\"true\")."));
        }

        foreach (var process in executable)
        {
            new ProcessCheck(definitions, expressions, problems).Check(process);
        }

        return problems;
    }

    private sealed class ProcessCheck(Definitions definitions, IExpressionLanguage expressions, List<BpmnProblem> problems)
    {
        public void Check(IFlowElementsContainer container)
        {
            var owner = (BaseElement)container;
            foreach (var raw in owner.UnmodeledContent.Where(c => c.Name.Namespace == BpmnNamespaces.Model && c.Name.LocalName is not ("ioSpecification" or "property" or "dataInputAssociation" or "dataOutputAssociation")))
            {
                Error(owner, $"The element '{raw.Name.LocalName}' is not supported by the engine.");
            }

            foreach (var element in container.FlowElements)
            {
                CheckElement(element);
                CheckCommonExpressions(element);
                if (element is SubProcess sub and not Transaction and not AdHocSubProcess)
                {
                    Check(sub);
                }
            }

            if (container is Process process && !process.FlowElements.OfType<StartEvent>().Any(s => s.EventDefinitions.Count == 0 || s.Trigger is MessageEventDefinition or TimerEventDefinition or SignalEventDefinition))
            {
                Error(process, "The process has no start event the engine can start it by (none, message, timer or signal).");
            }
        }

        private void CheckElement(FlowElement element)
        {
            switch (element)
            {
                case Transaction:
                    Error(element, "Transactions are out of scope for Kogge and cannot be deployed.");
                    return;
                case AdHocSubProcess or ComplexGateway:
                    Error(element, $"The element '{element.ElementName}' is not supported by the engine.");
                    return;
                case Activity { IsForCompensation: true }:
                    Error(element, "Compensation is out of scope for Kogge and cannot be deployed.");
                    return;
            }

            if (element is Activity { LoopCharacteristics: StandardLoopCharacteristics })
            {
                Error(element, "Standard loops are not supported by the engine; use multi-instance.");
            }

            if (element is Activity { LoopCharacteristics: MultiInstanceLoopCharacteristics multi } miActivity)
            {
                var zeebeLoop = multi.Extensions.LoopCharacteristics;
                if (zeebeLoop?.InputCollection is null && multi.LoopCardinality is null)
                {
                    Error(miActivity, "The multi-instance activity needs an input collection (zeebe:loopCharacteristics inputCollection) or a loop cardinality.");
                }

                Expr(miActivity, zeebeLoop?.InputCollection, "input collection", alwaysExpression: true);
                Expr(miActivity, zeebeLoop?.OutputElement, "output element", alwaysExpression: true);
                Expr(miActivity, multi.LoopCardinality?.Text, "loop cardinality", alwaysExpression: true);
                Expr(miActivity, multi.CompletionCondition?.Text, "completion condition", alwaysExpression: true);
            }

            if (element is BpmnEvent ev)
            {
                CheckEvent(ev);
            }

            switch (element)
            {
                case ServiceTask or SendTask:
                    RequireJobType(element);
                    break;
                case BusinessRuleTask rule when rule.Extensions.CalledDecision is null:
                    RequireJobType(element);
                    break;
                case BusinessRuleTask rule when string.IsNullOrWhiteSpace(rule.Extensions.CalledDecision!.DecisionId) || string.IsNullOrWhiteSpace(rule.Extensions.CalledDecision.ResultVariable):
                    Error(element, "The business rule task needs a decision id and a result variable.");
                    break;
                case ScriptTask script when script.Extensions.Script is null:
                    RequireJobType(element);
                    break;
                case ScriptTask script:
                    if (string.IsNullOrWhiteSpace(script.Extensions.Script!.ResultVariable))
                    {
                        Error(element, "The script task needs a result variable.");
                    }

                    Expr(element, script.Extensions.Script.Expression, "script", alwaysExpression: true);
                    break;
                case ReceiveTask receive:
                    CheckMessage(receive, receive.MessageRef, needsCorrelationKey: true);
                    break;
                case UserTask user:
                    var assignment = user.Extensions.AssignmentDefinition;
                    Expr(element, assignment?.Assignee, "assignee");
                    Expr(element, assignment?.CandidateGroups, "candidate groups");
                    Expr(element, assignment?.CandidateUsers, "candidate users");
                    Expr(element, user.Extensions.TaskSchedule?.DueDate, "due date");
                    Expr(element, user.Extensions.TaskSchedule?.FollowUpDate, "follow-up date");
                    break;
                case CallActivity call:
                    var processId = call.Extensions.CalledElement?.ProcessId ?? call.CalledElement;
                    if (string.IsNullOrWhiteSpace(processId))
                    {
                        Error(element, "The call activity does not name the process to call (zeebe:calledElement processId).");
                    }

                    Expr(element, processId, "called process id");
                    break;
                case ExclusiveGateway or InclusiveGateway:
                    CheckDecision((GatewayWithDefault)element);
                    break;
                case EventBasedGateway gateway:
                    foreach (var target in gateway.Outgoing.Select(f => f.Target))
                    {
                        if (target is not (IntermediateCatchEvent { Trigger: MessageEventDefinition or TimerEventDefinition or SignalEventDefinition } or ReceiveTask))
                        {
                            Error(element, $"An event-based gateway may only lead to message, timer or signal catch events; '{target?.Id}' is not one.");
                        }
                    }

                    break;
                case SequenceFlow flow when flow.ConditionExpression is not null:
                    Expr(flow, flow.ConditionExpression.Text, "condition", alwaysExpression: true);
                    break;
            }
        }

        private void CheckDecision(GatewayWithDefault gateway)
        {
            if (gateway.Outgoing.Count <= 1)
            {
                return;
            }

            foreach (var flow in gateway.Outgoing.Where(f => f != gateway.DefaultFlow && f.ConditionExpression is null))
            {
                Error(gateway, $"The gateway has several outgoing flows, but flow '{flow.Id}'{NameOf(flow)} has neither a condition nor is it the default flow.");
            }
        }

        private void CheckEvent(BpmnEvent ev)
        {
            if (ev.EventDefinitions.Count > 1)
            {
                Error(ev, "Events with several event definitions (multiple / parallel multiple) are not supported by the engine.");
                return;
            }

            var trigger = ev.Trigger;
            var inEventSubProcess = ev.Container is SubProcess { TriggeredByEvent: true };
            var supported = (ev, trigger) switch
            {
                (_, CompensateEventDefinition or CancelEventDefinition) => false,
                (_, ConditionalEventDefinition) => false,
                (StartEvent, null or MessageEventDefinition or TimerEventDefinition or SignalEventDefinition) => true,
                (StartEvent, ErrorEventDefinition or EscalationEventDefinition) => inEventSubProcess,
                (EndEvent, null or TerminateEventDefinition or ErrorEventDefinition or MessageEventDefinition or EscalationEventDefinition or SignalEventDefinition) => true,
                (IntermediateCatchEvent, TimerEventDefinition or MessageEventDefinition or SignalEventDefinition or LinkEventDefinition) => true,
                (IntermediateThrowEvent, null or MessageEventDefinition or SignalEventDefinition or LinkEventDefinition or EscalationEventDefinition) => true,
                (BoundaryEvent, TimerEventDefinition or MessageEventDefinition or ErrorEventDefinition or EscalationEventDefinition or SignalEventDefinition) => true,
                _ => false,
            };
            if (!supported)
            {
                var what = trigger is CompensateEventDefinition or CancelEventDefinition
                    ? "Compensation and transactions are out of scope for Kogge and cannot be deployed."
                    : $"A {ev.ElementName} with {(trigger is null ? "no event definition" : trigger.ElementName)} is not supported by the engine.";
                Error(ev, what);
                return;
            }

            switch (trigger)
            {
                case TimerEventDefinition timer:
                    CheckTimer(ev, timer);
                    break;
                case MessageEventDefinition when ev is EndEvent or IntermediateThrowEvent:
                    RequireJobType(ev);
                    break;
                case MessageEventDefinition message:
                    CheckMessage(ev, message.MessageRef, needsCorrelationKey: ev is not StartEvent || inEventSubProcess);
                    break;
                case SignalEventDefinition signal:
                    if (signal.SignalRef is null || definitions.FindRootElement(signal.SignalRef) is not Signal { Name.Length: > 0 })
                    {
                        Error(ev, "The signal event must reference a signal with a name.");
                    }

                    break;
                case ErrorEventDefinition error when ev is EndEvent:
                    if (error.ErrorRef is null || definitions.FindRootElement(error.ErrorRef) is not BpmnError { ErrorCode.Length: > 0 })
                    {
                        Error(ev, "The error end event must reference an error with an error code.");
                    }

                    break;
                case LinkEventDefinition link when string.IsNullOrWhiteSpace(link.Name):
                    Error(ev, "The link event needs a link name.");
                    break;
            }
        }

        private void CheckTimer(BpmnEvent ev, TimerEventDefinition timer)
        {
            var parts = new[] { timer.TimeDate, timer.TimeDuration, timer.TimeCycle }.Count(e => e is not null);
            if (parts != 1)
            {
                Error(ev, "The timer needs exactly one of time date, time duration or time cycle.");
                return;
            }

            var text = (timer.TimeDate ?? timer.TimeDuration ?? timer.TimeCycle)!.Text.Trim();
            if (ExpressionText.IsExpression(text))
            {
                Expr(ev, text, "timer");
                return;
            }

            var valid = timer.TimeDate is not null ? TimerSchedule.TryParseDate(text, out _)
                : timer.TimeDuration is not null ? TimerSchedule.TryParseDuration(text, out _)
                : TimerSchedule.TryParseCycle(text, out _);
            if (!valid)
            {
                Error(ev, $"The timer value '{text}' is not a valid ISO 8601 {(timer.TimeDate is not null ? "date-time" : timer.TimeDuration is not null ? "duration" : "repeating interval")}.");
            }
        }

        private void CheckMessage(FlowNode node, string? messageRef, bool needsCorrelationKey)
        {
            if (messageRef is null || definitions.FindRootElement(messageRef) is not Message message || string.IsNullOrWhiteSpace(message.Name))
            {
                Error(node, "The message event must reference a message with a name.");
                return;
            }

            var key = message.Extensions.Subscription?.CorrelationKey;
            if (needsCorrelationKey && string.IsNullOrWhiteSpace(key))
            {
                Error(node, $"The message '{message.Name}' needs a correlation key (zeebe:subscription correlationKey).");
            }

            Expr(node, key, "correlation key");
        }

        private void RequireJobType(FlowElement element)
        {
            if (string.IsNullOrWhiteSpace(element.Extensions.TaskDefinition?.Type))
            {
                Error(element, "The element needs a job type (zeebe:taskDefinition type) so that a worker can handle it.");
                return;
            }

            Expr(element, element.Extensions.TaskDefinition.Type, "job type");
            Expr(element, element.Extensions.TaskDefinition.Retries, "retries");
        }

        private void CheckCommonExpressions(FlowElement element)
        {
            if (element.Extensions.IoMapping is { } io)
            {
                foreach (var mapping in io.Inputs.Concat(io.Outputs))
                {
                    if (string.IsNullOrWhiteSpace(mapping.Target))
                    {
                        Error(element, "A variable mapping has no target.");
                    }

                    Expr(element, mapping.Source, $"mapping to '{mapping.Target}'");
                }
            }
        }

        private void Expr(BaseElement element, string? text, string what, bool alwaysExpression = false)
        {
            if (text is null || (!alwaysExpression && !ExpressionText.IsExpression(text)))
            {
                return;
            }

            var result = expressions.Compile(ExpressionText.Body(text));
            if (!result.Succeeded)
            {
                Error(element, $"The {what} expression '{text.Trim()}' is invalid: {result.Error}");
            }
        }

        private void Error(BaseElement element, string message)
        {
            var name = element switch
            {
                FlowElement f => f.Name,
                RootElement r => r.Name,
                _ => null,
            };
            problems.Add(new BpmnProblem(BpmnProblemSeverity.Error, element.Id, name, message));
        }

        private static string NameOf(SequenceFlow flow) => string.IsNullOrEmpty(flow.Name) ? string.Empty : $" ('{flow.Name}')";
    }
}
