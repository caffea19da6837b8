// Every native signature is blittable; the source generator emits the few conversions left (bool as U1, strings as UTF-8).
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
