// Two namespaces that use each other, for the test of the cycle finder itself.
#pragma warning disable CA1812, CA1822, CA1050, IDE0130

namespace Policy.Core.Tests.Architecture.CycleSample.A
{
    internal sealed class Caller
    {
        public int Count() => new Policy.Core.Tests.Architecture.CycleSample.B.Callee().Of(this);
    }
}

namespace Policy.Core.Tests.Architecture.CycleSample.B
{
    internal sealed class Callee
    {
        public int Of(Policy.Core.Tests.Architecture.CycleSample.A.Caller caller) => caller is null ? 0 : 1;
    }
}

namespace Policy.Core.Tests.Architecture.CycleSample.C
{
    internal static class User
    {
        public static int Use() => new Policy.Core.Tests.Architecture.CycleSample.A.Caller().Count();
    }
}
