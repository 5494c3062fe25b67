/// Small, dependency-free pieces every Chorus module needs the same way:
/// atomic file writes, SHA-256 and hexadecimal text. One copy, so that a fix
/// to durability or hashing reaches every file format at once.
public enum ChorusSupport {}
