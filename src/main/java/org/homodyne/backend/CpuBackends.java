package org.homodyne.backend;

import java.lang.reflect.InvocationTargetException;

/**
 * Makes the CPU backend. The lead's {@code CpuBackend(int threads)} is written on main in parallel
 * with the CUDA branch; until both are merged this looks it up by name and falls back to the
 * (slow, single-threaded) {@link ReferenceAccumulator}. After the merge this becomes
 * {@code return new CpuBackend(threads);}.
 */
public final class CpuBackends {
    static final String CPU_BACKEND_CLASS = "org.homodyne.backend.CpuBackend";

    private CpuBackends() {
    }

    public static Backend create(int threads) {
        try {
            Class<?> type = Class.forName(CPU_BACKEND_CLASS);
            return (Backend) type.getConstructor(int.class).newInstance(threads);
        } catch (ClassNotFoundException e) {
            return new ReferenceAccumulator();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(CPU_BACKEND_CLASS + " has no public (int threads) constructor", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot create " + CPU_BACKEND_CLASS, cause);
        }
    }
}
