using System.Security.Claims;

namespace ProductDescriber.GraphQLServer.Execution;

/// <summary>
/// The caller's principal as a render sees it, noting whether anything about the caller was read: a render that
/// never asked who the caller is (no claim, role, identity or name) gives every caller the same answer.
/// </summary>
internal sealed class WatchedPrincipal(ClaimsPrincipal caller) : ClaimsPrincipal(caller)
{
    private volatile bool _consulted;

    public bool WasConsulted => _consulted;

    public override IEnumerable<Claim> Claims => Consult(base.Claims);

    public override IEnumerable<ClaimsIdentity> Identities => Consult(base.Identities);

    public override System.Security.Principal.IIdentity? Identity => Consult(base.Identity);

    public override bool IsInRole(string role) => Consult(base.IsInRole(role));

    public override Claim? FindFirst(string type) => Consult(base.FindFirst(type));

    public override Claim? FindFirst(Predicate<Claim> match) => Consult(base.FindFirst(match));

    public override IEnumerable<Claim> FindAll(string type) => Consult(base.FindAll(type));

    public override IEnumerable<Claim> FindAll(Predicate<Claim> match) => Consult(base.FindAll(match));

    public override bool HasClaim(string type, string value) => Consult(base.HasClaim(type, value));

    public override bool HasClaim(Predicate<Claim> match) => Consult(base.HasClaim(match));

    public override ClaimsPrincipal Clone() => Consult(base.Clone());

    public override void WriteTo(BinaryWriter writer)
    {
        _consulted = true;
        base.WriteTo(writer);
    }

    private T Consult<T>(T value)
    {
        _consulted = true;
        return value;
    }
}
