/// TLS 1.3 connections through OpenSSL, message framing and deadlines: the
/// bytes between coordinator and participants. Knows nothing of what the
/// messages mean.
public enum Transport {}
