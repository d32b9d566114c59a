using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs.Analysis;

internal sealed class AnalysisRunGraphType : NodeGraphType<AnalysisRun>
{
    public AnalysisRunGraphType()
        : base(SpecsGraphTypes.AnalysisRun, r => r.Id)
    {
        Description = "One analysis of a product's photos by a vision provider, and what became of it.";
        Field<NonNullGraphType<AnalysisStatusGraphType>>("status").Description("PENDING, then RUNNING, then SUCCEEDED or FAILED.").Resolve(ctx => ctx.Source.Status);
        Field(r => r.Provider).Description("The provider's name.");
        Field(r => r.Model, nullable: true).Description("The model that answered (or will).");
        Field(r => r.UseTemplate).Description("false for a free-form analysis.");
        Field(r => r.TemplateName, nullable: true).Description("The template filled; null for a free-form analysis.");
        Field(r => r.TemplateVersion, nullable: true).Description("The template's version.");
        Field<NonNullGraphType<IntGraphType>>("referenceImageCount").Description("Photos chosen for the analysis.").Resolve(ctx => ctx.Source.ReferenceImageIds.Length);
        Field(r => r.ImagesSent, nullable: true).Description("Photos actually sent (a provider may accept fewer than were chosen); null until sent.");
        Field(r => r.Attempts).Description("Calls this run made to the provider, its retries included (retries a provider makes itself within one call are not counted).");
        Field(r => r.InputTokens, nullable: true).Description("Tokens the provider read, when it reports them.");
        Field(r => r.OutputTokens, nullable: true).Description("Tokens the provider wrote, when it reports them.");
        Field(r => r.DurationMs, nullable: true).Description("Time spent in provider calls, in milliseconds.");
        Field(r => r.ErrorKind, nullable: true).Description("Why it failed: NO_IMAGES, PROVIDER_UNAVAILABLE, EMPTY_REPLY, UNPARSEABLE_REPLY, INVALID_REPLY, TIMEOUT, INTERNAL, or the provider's error kind (RATE_LIMITED, AUTHENTICATION, CONTENT_BLOCKED, ...).");
        Field(r => r.ErrorMessage, nullable: true).Description("Why it failed, for people.");
        Field<StringGraphType>("rawReply")
            .Description("The provider's reply when it could not become a specification. Only for whoever requested the run and admins; null for others.")
            .Resolve(ctx => ctx.User.IsAdmin() || (ctx.User.GetUserId() is { } caller && caller == ctx.Source.RequestedById) ? ctx.Source.RawReply : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValidationIssueGraphType>>>>("validationIssues")
            .Description("What the template's rules found in the reply (why an INVALID_REPLY failed; warnings of a success).")
            .Resolve(ctx => ctx.Source.ValidationIssues);
        Field(r => r.CreatedAt).Description("When it was requested.");
        Field(r => r.StartedAt, nullable: true).Description("When its job first started.");
        Field(r => r.CompletedAt, nullable: true).Description("When it succeeded or failed.");
        this.AddUserField("requestedBy", "Who requested it; null if unknown or deleted.", r => r.RequestedById);
        Field<SpecificationGraphType, Specification?>("specification")
            .Description("The version it made; null unless SUCCEEDED.")
            .Resolve()
            .WithService<SpecificationByIdLoader>()
            .ResolveAsync((ctx, specifications) => ctx.Source.SpecificationId is { } id ? specifications.LoadAsync(id) : new ReadyResult<Specification?>(null));
        this.AddProductField("The product analysed.", r => r.ProductId);
    }
}

internal sealed class AnalysisStatusGraphType : EnumerationGraphType<AnalysisStatus>
{
    public AnalysisStatusGraphType()
    {
        Name = "AnalysisStatus";
        Description = "Where an analysis run is.";
    }
}
