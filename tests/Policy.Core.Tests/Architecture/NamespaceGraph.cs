using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Policy.Core.Tests.Architecture;

/// <summary>
/// Which namespace of a compiled assembly uses which, read from its metadata and IL (base types,
/// interfaces, fields, signatures, locals, attributes and every type, method and field an
/// instruction names), so a fully qualified name or a <c>global using</c> counts as much as a
/// <c>using</c>. Nested and compiler-generated types (lambdas, iterators) count for the namespace of
/// their outermost type. Shared by the Core and the Api tests (linked file).
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph(string root) => Root = root;

    /// <summary>Only namespaces under this prefix are nodes (e.g. "Policy.Core").</summary>
    public string Root { get; }

    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    public static NamespaceGraph Of(string assemblyPath, string root)
    {
        var graph = new NamespaceGraph(root);
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.Types)
        {
            var from = type.Namespace;
            if (!graph.Owns(from))
            {
                continue;
            }

            graph._edges.TryAdd(from, new(StringComparer.Ordinal));
            graph.Visit(type, from);
        }

        return graph;
    }

    /// <summary>The namespaces <paramref name="from"/> uses, other than itself.</summary>
    public IReadOnlyCollection<string> Uses(string from) =>
        _edges.TryGetValue(from, out var to) ? to.Keys : [];

    /// <summary>Types of <paramref name="from"/> that use <paramref name="to"/>, for a failure message.</summary>
    public IReadOnlyCollection<string> Witnesses(string from, string to) =>
        _edges.TryGetValue(from, out var map) && map.TryGetValue(to, out var types) ? types : [];

    /// <summary>Every cycle's namespaces, one strongly connected component each (Tarjan).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;

        void Connect(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Uses(v))
            {
                if (!index.ContainsKey(w))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var v in _edges.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(v))
            {
                Connect(v);
            }
        }

        return cycles;
    }

    /// <summary>A readable account of the edges inside a cycle, with the types that make each edge.</summary>
    public string Describe(IReadOnlyList<string> component) =>
        string.Join(
            Environment.NewLine,
            from a in component
            from b in component
            where Witnesses(a, b).Count > 0
            select $"  {a} -> {b} (by {string.Join(", ", Witnesses(a, b).Take(4))})");

    private bool Owns(string ns) =>
        ns.Length > 0 && (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal));

    private void Visit(TypeDefinition type, string from)
    {
        var by = type.FullName;
        Use(type.BaseType, from, by);
        foreach (var i in type.Interfaces)
        {
            Use(i.InterfaceType, from, by);
        }

        Attributes(type, from, by);
        foreach (var gp in type.GenericParameters)
        {
            foreach (var c in gp.Constraints)
            {
                Use(c.ConstraintType, from, by);
            }
        }

        foreach (var field in type.Fields)
        {
            Use(field.FieldType, from, by);
            Attributes(field, from, by);
        }

        foreach (var property in type.Properties)
        {
            Use(property.PropertyType, from, by);
            Attributes(property, from, by);
        }

        foreach (var e in type.Events)
        {
            Use(e.EventType, from, by);
        }

        foreach (var method in type.Methods)
        {
            Method(method, from, by);
        }

        foreach (var nested in type.NestedTypes)
        {
            Visit(nested, from);
        }
    }

    private void Method(MethodDefinition method, string from, string by)
    {
        Use(method.ReturnType, from, by);
        Attributes(method, from, by);
        foreach (var p in method.Parameters)
        {
            Use(p.ParameterType, from, by);
            Attributes(p, from, by);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var local in method.Body.Variables)
        {
            Use(local.VariableType, from, by);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    Use(t, from, by);
                    break;
                case MethodReference m:
                    Use(m.DeclaringType, from, by);
                    Use(m.ReturnType, from, by);
                    foreach (var p in m.Parameters)
                    {
                        Use(p.ParameterType, from, by);
                    }

                    if (m is GenericInstanceMethod g)
                    {
                        foreach (var a in g.GenericArguments)
                        {
                            Use(a, from, by);
                        }
                    }

                    break;
                case FieldReference f:
                    Use(f.DeclaringType, from, by);
                    Use(f.FieldType, from, by);
                    break;
                case CallSite site:
                    Use(site.ReturnType, from, by);
                    foreach (var p in site.Parameters)
                    {
                        Use(p.ParameterType, from, by);
                    }

                    break;
            }
        }
    }

    private void Attributes(ICustomAttributeProvider provider, string from, string by)
    {
        if (!provider.HasCustomAttributes)
        {
            return;
        }

        foreach (var a in provider.CustomAttributes)
        {
            Use(a.AttributeType, from, by);
            foreach (var arg in a.ConstructorArguments)
            {
                if (arg.Value is TypeReference t)
                {
                    Use(t, from, by);
                }
            }
        }
    }

    private void Use(TypeReference? type, string from, string by)
    {
        switch (type)
        {
            case null:
                return;
            case GenericInstanceType g:
                Use(g.ElementType, from, by);
                foreach (var a in g.GenericArguments)
                {
                    Use(a, from, by);
                }

                return;
            case TypeSpecification spec:
                // Arrays, by-ref, pointers, modifiers: the element type counts.
                Use(spec.ElementType, from, by);
                return;
            case GenericParameter:
                return;
        }

        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var to = type.Namespace;
        if (to == from || !Owns(to))
        {
            return;
        }

        var map = _edges[from];
        if (!map.TryGetValue(to, out var witnesses))
        {
            map[to] = witnesses = new SortedSet<string>(StringComparer.Ordinal);
        }

        witnesses.Add(by);
    }
}
