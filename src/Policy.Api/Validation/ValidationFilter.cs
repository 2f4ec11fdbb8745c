using FluentValidation;

namespace Policy.Api.Validation;

/// <summary>
/// A validator's cheap pre-check: true only when the full validator would certainly find nothing,
/// so the common, valid request skips building a validation context and result. When it says
/// false, the full validator runs and names the fields.
/// </summary>
public interface IQuickValidation<in T>
{
    bool IsCertainlyValid(T instance);
}

/// <summary>Validates the body of type <typeparamref name="T"/> and answers 400 ProblemDetails naming each field.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        T? body = default;
        var arguments = context.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is T typed)
            {
                body = typed;
                break;
            }
        }

        if (body is null)
        {
            return TypedResults.Problem(
                title: "A JSON body is required.",
                detail: "Send the request as a JSON object in the body, with 'Content-Type: application/json'.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (validator is IQuickValidation<T> quick && quick.IsCertainlyValid(body))
        {
            return await next(context);
        }

        var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            return TypedResults.ValidationProblem(result.ToDictionary());
        }

        return await next(context);
    }
}

public static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
