using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Users;

/// <summary>Any signed-in user may see others through <c>node</c>, as they do through <c>createdBy</c>; emails stay private.</summary>
internal sealed class UserNodeResolver() : LoaderNodeResolver<UserByIdLoader, UserInfo>(UserGraphType.TypeName);
