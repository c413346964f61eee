package dev.tokenbroker.vault.logical.control;

import java.util.List;

import dev.tokenbroker.vault.logical.entity.VaultRoute;

/** A family of Vault paths; every CDI bean implementing it contributes its routes to the dispatcher. */
public interface VaultPaths {

    List<VaultRoute> routes();
}
