using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCaseFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseDocuments_CaseId",
                table: "CaseDocuments");

            migrationBuilder.AddColumn<long>(
                name: "HistorySequence",
                table: "Cases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "CaseDocuments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Attachment");

            migrationBuilder.CreateTable(
                name: "CaseNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseNotes_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_TenantId_Status_SubmittedAt",
                table: "Cases",
                columns: new[] { "TenantId", "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseDocuments_CaseId_FieldKey",
                table: "CaseDocuments",
                columns: new[] { "CaseId", "FieldKey" },
                unique: true,
                filter: "\"Kind\" = 'Notice'");

            migrationBuilder.CreateIndex(
                name: "IX_CaseNotes_CaseId_At",
                table: "CaseNotes",
                columns: new[] { "CaseId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseNotes");

            migrationBuilder.DropIndex(
                name: "IX_Cases_TenantId_Status_SubmittedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_CaseDocuments_CaseId_FieldKey",
                table: "CaseDocuments");

            migrationBuilder.DropColumn(
                name: "HistorySequence",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "CaseDocuments");

            migrationBuilder.CreateIndex(
                name: "IX_CaseDocuments_CaseId",
                table: "CaseDocuments",
                column: "CaseId");
        }
    }
}
