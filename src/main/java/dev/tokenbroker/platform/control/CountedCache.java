package dev.tokenbroker.platform.control;

/** A cache that counts its lookups and evictions, for {@link Metrics#cache(String, CountedCache)}. */
public interface CountedCache {

    /** Lookups answered from the cache, since it was made. */
    long hits();

    /** Lookups the cache could not answer (the value was then loaded or fetched), since it was made. */
    long misses();

    /** Entries dropped to keep the cache within its bound (not the ones that expired or were removed). */
    long evictions();

    /** Entries held now. */
    int size();
}
