package dev.streamgate.auth.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers nonces until their request could no longer pass the timestamp check, bounded in size.
 *
 * <p>When full, the oldest nonce is forgotten first. That only matters to someone who can already produce
 * validly signed requests faster than the bound within one window, i.e. who holds the secret.
 */
public final class ReplayCache {
    private final int maxEntries;
    private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

    /** Creates an empty cache holding at most {@code maxEntries} nonces. */
    public ReplayCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /**
     * Records a nonce valid until {@code expiresAtEpochSecond}; false if it was already recorded and has not expired.
     */
    public synchronized boolean firstUse(String nonce, long expiresAtEpochSecond, long nowEpochSecond) {
        purge(nowEpochSecond);
        Long existing = expiries.get(nonce);
        if (existing != null && existing >= nowEpochSecond) {
            return false;
        }
        expiries.put(nonce, expiresAtEpochSecond);
        while (expiries.size() > maxEntries) {
            Iterator<String> oldest = expiries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** The number of remembered nonces. */
    public synchronized int size() {
        return expiries.size();
    }

    private void purge(long now) {
        // entries arrive roughly in expiry order, so expired ones gather at the head
        Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() < now) {
                it.remove();
            } else {
                return;
            }
        }
    }
}
