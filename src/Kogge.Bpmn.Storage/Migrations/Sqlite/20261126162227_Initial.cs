using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Bpmn.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BpmnBufferedMessages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    VariablesJson = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnBufferedMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnDeployments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    DeployedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnDeployments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnElementInstances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    ParentId = table.Column<string>(type: "TEXT", nullable: true),
                    ElementId = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IsMultiInstanceBody = table.Column<bool>(type: "INTEGER", nullable: false),
                    ArrivedOverFlowId = table.Column<string>(type: "TEXT", nullable: true),
                    Counter = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LoopCollectionJson = table.Column<string>(type: "TEXT", nullable: true),
                    CalledInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnElementInstances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnEventSubscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EventName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    DefinitionId = table.Column<string>(type: "TEXT", nullable: false),
                    ElementInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    ElementId = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnEventSubscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnHistoryEvents",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    DefinitionId = table.Column<string>(type: "TEXT", nullable: true),
                    ElementId = table.Column<string>(type: "TEXT", nullable: true),
                    ElementType = table.Column<string>(type: "TEXT", nullable: true),
                    ElementName = table.Column<string>(type: "TEXT", nullable: true),
                    ElementInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnHistoryEvents", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "BpmnIncidents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    ElementInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    ElementId = table.Column<string>(type: "TEXT", nullable: false),
                    JobId = table.Column<string>(type: "TEXT", nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnIncidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnJobs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    JobType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    DefinitionId = table.Column<string>(type: "TEXT", nullable: false),
                    ElementInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    ElementId = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    DueDate = table.Column<long>(type: "INTEGER", nullable: false),
                    LockOwner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LockExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Retries = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    RemainingCycle = table.Column<string>(type: "TEXT", nullable: true),
                    HeadersJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnProcessDefinitions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProcessId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DeploymentId = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    ResourceName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Xml = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DeployedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnProcessDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnProcessInstances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", nullable: false),
                    ProcessId = table.Column<string>(type: "TEXT", nullable: false),
                    BusinessKey = table.Column<string>(type: "TEXT", nullable: true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ParentInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    ParentElementInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnProcessInstances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnUserTasks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    ElementInstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true),
                    Assignee = table.Column<string>(type: "TEXT", nullable: true),
                    CandidateGroups = table.Column<string>(type: "TEXT", nullable: true),
                    CandidateUsers = table.Column<string>(type: "TEXT", nullable: true),
                    FormKey = table.Column<string>(type: "TEXT", nullable: true),
                    DueDate = table.Column<long>(type: "INTEGER", nullable: true),
                    FollowUpDate = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnUserTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BpmnVariables",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    ScopeId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnVariables", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnBufferedMessages_Name_CorrelationKey_ExpiresAt",
                table: "BpmnBufferedMessages",
                columns: new[] { "Name", "CorrelationKey", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnElementInstances_ProcessInstanceId",
                table: "BpmnElementInstances",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnEventSubscriptions_DefinitionId",
                table: "BpmnEventSubscriptions",
                column: "DefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnEventSubscriptions_Kind_EventName_CorrelationKey",
                table: "BpmnEventSubscriptions",
                columns: new[] { "Kind", "EventName", "CorrelationKey" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnEventSubscriptions_ProcessInstanceId",
                table: "BpmnEventSubscriptions",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnHistoryEvents_Id",
                table: "BpmnHistoryEvents",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BpmnHistoryEvents_ProcessInstanceId_Sequence",
                table: "BpmnHistoryEvents",
                columns: new[] { "ProcessInstanceId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnIncidents_ProcessInstanceId",
                table: "BpmnIncidents",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnJobs_DefinitionId",
                table: "BpmnJobs",
                column: "DefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnJobs_Kind_DueDate",
                table: "BpmnJobs",
                columns: new[] { "Kind", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnJobs_ProcessInstanceId",
                table: "BpmnJobs",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessDefinitions_DeploymentId",
                table: "BpmnProcessDefinitions",
                column: "DeploymentId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessDefinitions_ProcessId_TenantId_Version",
                table: "BpmnProcessDefinitions",
                columns: new[] { "ProcessId", "TenantId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_BusinessKey",
                table: "BpmnProcessInstances",
                column: "BusinessKey");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_DefinitionId",
                table: "BpmnProcessInstances",
                column: "DefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_ParentInstanceId",
                table: "BpmnProcessInstances",
                column: "ParentInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_Assignee",
                table: "BpmnUserTasks",
                column: "Assignee");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_ProcessInstanceId",
                table: "BpmnUserTasks",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_CreatedAt",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnVariables_ProcessInstanceId",
                table: "BpmnVariables",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnVariables_ScopeId_Name",
                table: "BpmnVariables",
                columns: new[] { "ScopeId", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BpmnBufferedMessages");

            migrationBuilder.DropTable(
                name: "BpmnDeployments");

            migrationBuilder.DropTable(
                name: "BpmnElementInstances");

            migrationBuilder.DropTable(
                name: "BpmnEventSubscriptions");

            migrationBuilder.DropTable(
                name: "BpmnHistoryEvents");

            migrationBuilder.DropTable(
                name: "BpmnIncidents");

            migrationBuilder.DropTable(
                name: "BpmnJobs");

            migrationBuilder.DropTable(
                name: "BpmnProcessDefinitions");

            migrationBuilder.DropTable(
                name: "BpmnProcessInstances");

            migrationBuilder.DropTable(
                name: "BpmnUserTasks");

            migrationBuilder.DropTable(
                name: "BpmnVariables");
        }
    }
}
