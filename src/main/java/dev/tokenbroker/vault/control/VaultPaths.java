package dev.tokenbroker.vault.control;

import java.util.List;

import dev.tokenbroker.vault.entity.VaultRoute;

/** A family of Vault paths; every CDI bean implementing it contributes its routes to the dispatcher. */
public interface VaultPaths {

    List<VaultRoute> routes();
}
