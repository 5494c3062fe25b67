/// Small, dependency-free pieces every Chorus module needs the same way:
/// atomic file writes, SHA-256, hexadecimal text and bounded little-endian
/// reading and writing. One copy, so that a fix to durability, hashing or
/// decoding reaches every file format and message at once.
public enum ChorusSupport {}
