using System.Reflection;
using System.Text;
using Google.Protobuf;
using MessageDescriptor = Google.Protobuf.Reflection.MessageDescriptor;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChildIndex.ServiceDefaults.GrpcErrors;

public static class RequestParsing
{
    private const string ServerCallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    /// <summary>
    /// Makes a request message the server cannot parse the caller's error (INVALID_ARGUMENT naming
    /// the message), on every service mapped with MapGrpcService, the packaged health and
    /// reflection services included. Call after AddGrpc.
    /// </summary>
    public static IServiceCollection AddRequestParsingGuard(this IServiceCollection services)
    {
        // grpc-dotnet parses a unary request before any interceptor runs, so the ErrorInterceptor
        // never sees a malformed one: the call handler answers UNKNOWN and logs a stack trace at
        // error level, as if the server had failed. The only seam before that parse is the
        // request marshaller, which the generated code fixes at compile time; the binding of
        // methods to routes is the one replaceable step that can swap it. grpc-dotnet's own binder
        // is internal, so it is found by name, and the start-up fails if it ever moves, rather than
        // both binders mapping every route twice.
        var defaults = services
            .Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
                && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" } type
                && type.Assembly == typeof(IServiceMethodProvider<>).Assembly)
            .ToList();
        if (defaults.Count != 1)
        {
            throw new InvalidOperationException("grpc-dotnet's default service binder was not found: call AddRequestParsingGuard after AddGrpc, or revisit RequestParsing for this grpc-dotnet version");
        }

        services.Remove(defaults[0]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>)));

        // grpc-dotnet logs every RpcException a call ends with, the caller's mistakes included, at
        // information level with its stack trace. The caller hears the status; the operator reads
        // a warning line for a malformed message and the ErrorInterceptor's error lines for real
        // faults (grpc-dotnet's own "Error when executing service method" stays at error level).
        services.AddLogging(logging => logging.AddFilter(ServerCallHandlerCategory, LogLevel.Warning));
        return services;
    }

    /// <summary>The protobuf name of <typeparamref name="T"/> (childindex.v1.GetChildRequest), for
    /// messages that say which message was malformed.</summary>
    internal static string MessageName<T>() =>
        typeof(T).GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : typeof(T).Name;

    /// <summary>Whether an exception thrown while parsing a request describes the bytes the
    /// client sent (rather than a fault of the server).</summary>
    internal static bool IsMalformedInput(Exception error) =>
        error is InvalidProtocolBufferException or DecoderFallbackException;
}

/// <summary>
/// Binds a generated service's methods to routes as grpc-dotnet's own binder does (the generated
/// BindService, the overriding method as the invoker, the type's then the method's attributes as
/// endpoint metadata, so [Authorize] still applies), but with a request marshaller that turns a
/// parse failure into INVALID_ARGUMENT and one warning line without a stack trace.
/// </summary>
internal sealed partial class GuardedServiceMethodProvider<TService>(ILogger<GuardedServiceMethodProvider<TService>> logger)
    : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (FindBindMethod() is not { } bind)
        {
            return;
        }

        var baseType = bind.GetParameters()[1].ParameterType;
        bind.Invoke(null, [new Binder(context, baseType, logger), null]);
    }

    private static MethodInfo? FindBindMethod()
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType.GetMethod(
                    attribute.BindMethodName,
                    BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
                    binder: null,
                    [typeof(ServiceBinderBase), type],
                    modifiers: null);
            }
        }

        return null;
    }

    [LoggerMessage(2003, LogLevel.Warning, "Refused a malformed {Message} on {Method}: {Reason}")]
    private static partial void LogMalformedRequest(ILogger logger, string message, string method, string reason);

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type baseType, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Guard(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Guard(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Guard(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Guard(method), metadata, invoker);
        }

        private Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var parse = method.RequestMarshaller.ContextualDeserializer;
            var message = RequestParsing.MessageName<TRequest>();
            var guarded = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, request =>
            {
                try
                {
                    return parse(request);
                }
                catch (Exception error) when (RequestParsing.IsMalformedInput(error))
                {
                    // The parser's text names the rule broken (an invalid tag, a truncated
                    // message, invalid UTF-8), never the content.
                    LogMalformedRequest(logger, message, method.FullName, error.Message);
                    throw DomainErrorMapper.MalformedMessage(message, error.Message);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, guarded, method.ResponseMarshaller);
        }

        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            var handler = FindOverride(name, parameters)
                ?? throw new InvalidOperationException($"could not find {name} on {typeof(TService)}");
            var metadata = new List<object>();
            // The type's attributes first: the method's own, added last, take precedence.
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        private MethodInfo? FindOverride(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, parameters, modifiers: null);
                if (method is null)
                {
                    return null;
                }

                // A method of the same name that does not override the generated one hides it:
                // keep looking down to the generated base.
                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == baseType)
                {
                    return method;
                }
            }

            return null;
        }
    }
}
