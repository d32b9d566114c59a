using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Seeding;
using ProductDescriber.Identity.Tokens;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity;

/// <summary>Users, passwords, access tokens and roles (PostgreSQL schema <c>identity</c>).</summary>
public static class IdentityModule
{
    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigureOptions<IdentityOptions>, IdentityOptionsSetup>();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddOptions<IdentityOptions>().ValidateOnStart();

        services.AddModuleDbContext<IdentityDbContext>(IdentityDbContext.Schema);
        services.AddSingleton<PasswordHasher>();
        services.TryAddKeyedSingleton<TimeProvider>(LoginThrottle.ClockKey, (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddSingleton<LoginThrottleStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<IAccessTokenValidator, AccessTokenValidator>();
        services.AddSingleton<ISessionRevocationFeed, SessionRevocationFeed>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<IUserDirectory>(provider => provider.GetRequiredService<UserDirectory>());
        services.AddSingleton<IModuleSeeder, AdminSeeder>();
        services.AddGraphQLRule<LoginLimitRule>(GraphQLRuleStage.Document);

        // Scoped: each mutation resolves its handler in a scope of its own (WithScope, docs/adr/0017), so it has its
        // own DbContext.
        services.AddScoped<LoginHandler>();
        services.AddScoped<RegisterUserHandler>();
        services.AddScoped<ChangePasswordHandler>();
        services.AddScoped<DeactivateUserHandler>();
        services.AddGraphQLContributionsFrom(typeof(IdentityModule).Assembly);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityOptions>>((jwt, identity) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = AccessTokenIssuer.ValidationParameters(identity.Value);
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        var (principal, failure) = await context.HttpContext.RequestServices
                            .GetRequiredService<SessionCheck>().CheckAsync(context.Principal!, fromCache: true);
                        if (principal is null)
                        {
                            context.HttpContext.Items[RequestContext.AuthenticationFailureItem] = failure;
                            context.Fail(failure!);
                        }
                        else
                        {
                            context.Principal = principal;
                        }
                    },
                    OnAuthenticationFailed = context =>
                    {
                        context.HttpContext.Items[RequestContext.AuthenticationFailureItem] ??= AccessTokenValidator.Describe(context.Exception);
                        return Task.CompletedTask;
                    },
                };
            });
        return services;
    }
}
