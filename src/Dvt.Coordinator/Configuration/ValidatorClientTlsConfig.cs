namespace Dvt.Coordinator.Configuration;

/// <summary>
/// TLS on the validator-client listener, for a validator client on another host: this coordinator's certificate and
/// key (PEM), and the CA (PEM) whose certificates a client must present; a client without one is refused at the
/// handshake. Absolute paths (resolved against the config file's folder when read).
/// </summary>
public sealed record ValidatorClientTlsConfig(string CertificateFile, string KeyFile, string ClientCaFile);
