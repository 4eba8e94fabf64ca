package io.rangefinder.app.lab;

import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.config.ConnectionProfile;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lab's connection picker: the saved connections it offers (read from the app each time the
 * picker opens), the one picked ({@code null}: by the URI), and from those how a run on a URI
 * opens its store and which connection its tuned settings belong to. FX thread.
 */
final class LabConnections {

    // by the URI: the opener the lab was made with
    private final Function<ObjectUri, ObjectStore> stores;
    private Supplier<List<ConnectionProfile>> connectionSource = List::of;
    private BiFunction<ObjectUri, ConnectionProfile, ObjectStore> connectedStores;
    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObservableList<ConnectionProfile> connectionsView = FXCollections.unmodifiableObservableList(connections);
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>();

    LabConnections(Function<ObjectUri, ObjectStore> stores) {
        this.stores = stores;
        this.connectedStores = (u, profile) -> profile.kind() == ConnectionProfile.Kind.FILE ? stores.apply(u)
                : StoreFactory.open(u, profile);
    }

    /** The picked connection; {@code null} means "by the URI". */
    ObjectProperty<ConnectionProfile> picked() {
        return connection;
    }

    /** The saved connections as last read. */
    ObservableList<ConnectionProfile> offered() {
        return connectionsView;
    }

    /** The saved connections, each picked one opening its stores as it did so far. */
    void use(Supplier<List<ConnectionProfile>> source) {
        use(source, connectedStores);
    }

    /** The saved connections, a picked one opening its stores with {@code opener}. */
    void use(Supplier<List<ConnectionProfile>> source, BiFunction<ObjectUri, ConnectionProfile, ObjectStore> opener) {
        connectionSource = source;
        connectedStores = opener;
        refresh();
    }

    /** Re-reads the saved connections; the picked one stays picked if it is still there (by name). */
    void refresh() {
        List<ConnectionProfile> now = List.copyOf(connectionSource.get());
        ConnectionProfile picked = connection.get();
        connections.setAll(now);
        if (picked != null) {
            connection.set(now.stream().filter(c -> c.name().equals(picked.name())).findFirst().orElse(null));
        }
    }

    /**
     * How a run reaches its store: through the picked connection, or (none picked) as the URI
     * says. {@code null}, with the reason given to {@code refuse}, when the picked connection
     * cannot reach the URI.
     */
    Function<ObjectUri, ObjectStore> opener(ObjectUri target, Consumer<String> refuse) {
        ConnectionProfile picked = connection.get();
        if (picked == null) {
            return stores;
        }
        if (picked.kind() != ConnectionProfile.Kind.of(target.scheme())) {
            refuse.accept(String.format(Locale.ROOT, "The connection “%s” reaches %s, not %s:// — pick another connection or “%s”.",
                    picked.name(), picked.kind(), target.scheme().prefix(), LabViewModel.AUTOMATIC));
            return null;
        }
        BiFunction<ObjectUri, ConnectionProfile, ObjectStore> open = connectedStores;
        return u -> open.apply(u, picked);
    }

    /**
     * How to reach {@code target} without refusing: through the picked connection when it reaches
     * that kind of store, else as the URI says (a cluster run's results may sit elsewhere).
     */
    Function<ObjectUri, ObjectStore> storesFor(ObjectUri target) {
        ConnectionProfile picked = connection.get();
        if (picked == null || picked.kind() != ConnectionProfile.Kind.of(target.scheme())) {
            return stores;
        }
        BiFunction<ObjectUri, ConnectionProfile, ObjectStore> open = connectedStores;
        return u -> open.apply(u, picked);
    }

    /** The connection a run on {@code target} goes through, as tuned settings key it. */
    String connectionKeyFor(ObjectUri target) {
        ConnectionProfile picked = connection.get();
        ConnectionProfile p = picked != null && picked.kind() == ConnectionProfile.Kind.of(target.scheme()) ? picked
                : io.rangefinder.storage.config.EnvironmentProfiles.from(ConnectionProfile.Kind.of(target.scheme()),
                        System.getenv()).build();
        return io.rangefinder.bench.TunedSettings.connectionKey(p);
    }
}
