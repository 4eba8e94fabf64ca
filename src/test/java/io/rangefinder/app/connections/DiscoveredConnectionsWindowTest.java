package io.rangefinder.app.connections;

import io.rangefinder.app.common.FxTaskExecutor;
import io.rangefinder.app.common.SceneSnapshot;
import io.rangefinder.app.explorer.ExplorerEntry;
import io.rangefinder.app.explorer.ExplorerView;
import io.rangefinder.app.explorer.ExplorerViewModel;
import io.rangefinder.app.explorer.Location;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.config.CredentialDiscovery;
import io.rangefinder.storage.file.FileStore;
import io.rangefinder.testing.S3ProxyServer;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The credentials a user already has, shown in the sidebar as discovered connections: the window
 * is put together as RangefinderApp does, with the environment and home folder given by the test.
 */
@ExtendWith(ApplicationExtension.class)
class DiscoveredConnectionsWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("assets/screenshots");
    private static final String AZURE_CS = "DefaultEndpointsProtocol=http;AccountName=discoacct;AccountKey=ZGlzY292ZXJlZC1rZXk=;"
            + "BlobEndpoint=http://127.0.0.1:1/discoacct;";

    @TempDir
    Path home;
    @TempDir
    Path config;
    @TempDir
    Path files;

    private FxTaskExecutor executor;
    private ExplorerViewModel model;
    private ExplorerView view;
    private ConnectionsViewModel connections;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        S3ProxyServer s3 = S3ProxyServer.get();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [default]
                region = us-east-1
                [profile analytics]
                region = eu-west-1
                [sso-session corp]
                sso_region = us-east-1
                """);
        Files.writeString(home.resolve(".aws/credentials"), """
                [ci-bot]
                aws_access_key_id = AKIAEXAMPLEBOT
                aws_secret_access_key = not-read-by-rangefinder
                """);
        Files.createDirectories(home.resolve(".config/gcloud"));
        Files.writeString(home.resolve(".config/gcloud/application_default_credentials.json"), "{\"type\": \"authorized_user\"}");
        Map<String, String> env = Map.of(
                "AWS_ACCESS_KEY_ID", s3.identity(),
                "AWS_SECRET_ACCESS_KEY", s3.credential(),
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", s3.endpoint(),
                "AZURE_STORAGE_CONNECTION_STRING", AZURE_CS);
        Files.writeString(files.resolve("notes.txt"), "local");
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor();
        model = new ExplorerViewModel(FileStore::local, executor);
        connections = new ConnectionsViewModel(FileStore::local, Location.ofLocalPath(files), new ConnectionsFile(config),
                executor, model, new CredentialDiscovery(env, home));
        ConnectionsView sidebar = new ConnectionsView(connections, model);
        view = new ExplorerView(model, new ExplorerView.Sidebar(sidebar.node(), sidebar.dialog()));
        stage.setScene(view.newScene(1100, 700));
        stage.show();
    }

    @Stop
    void stop() {
        view.dispose();
        model.close();
        connections.close();
        executor.close();
    }

    @Test
    void theCredentialsAUserHasShowAsDiscoveredConnectionsThatCanBeSavedButNotRemoved(FxRobot robot) throws Exception {
        List<String> expected = List.of("Local", "AWS environment", "AWS profile analytics", "AWS profile ci-bot",
                "AWS profile default", "Azure environment", "Google application default");
        await().atMost(WAIT).until(() -> fx(() -> connectionNames(robot)), n -> n.equals(expected));
        // each discovered row wears the badge and says where it came from; Local does not
        assertThat(fx(() -> badgeShown(robot, "AWS environment"))).isTrue();
        assertThat(fx(() -> badgeShown(robot, "Google application default"))).isTrue();
        assertThat(fx(() -> badgeShown(robot, "Local"))).isFalse();
        assertThat(fx(() -> cellOf(robot, "AWS environment").getStyleClass())).contains(ConnectionsView.DISCOVERED_STYLE);
        assertThat(fx(() -> cellOf(robot, "AWS environment").getTooltip().getText()))
                .contains("AWS_ACCESS_KEY_ID in the environment");
        assertThat(fx(() -> detailOf(robot, "Azure environment"))).isEqualTo("Azure · discoacct");
        assertThat(fx(() -> allTexts(robot))).noneMatch(t -> t.contains("ZGlzY292ZXJlZC1rZXk=")
                || t.contains(S3ProxyServer.get().credential()));
        robot.clickOn(cellOf(robot, "AWS profile analytics"));
        screenshot(SHOTS.resolve("explorer-discovered-connections.png"));

        // a discovered connection cannot be removed or edited in place; it can be saved
        assertThat(fx(() -> button(robot, "#removeConnection").isDisabled())).isTrue();
        assertThat(fx(() -> button(robot, "#editConnection").isDisabled() || !button(robot, "#editConnection").isVisible())).isTrue();
        assertThat(fx(() -> button(robot, "#saveDiscovered").isVisible())).isTrue();
        robot.clickOn("#saveDiscovered");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connectionDialog").query().isVisible()));
        assertThat(fx(() -> robot.lookup("#connName").queryAs(TextField.class).getText())).isEqualTo("AWS profile analytics");
        assertThat(fx(() -> auth(robot).getValue())).isEqualTo(ConnectionDialog.Auth.S3_PROFILE);
        // never tested: Save asks first; a second Save keeps it
        robot.clickOn("#connSave");
        assertThat(fx(() -> text(robot, "#connTestResult"))).contains("not been tested");
        assertThat(fx(() -> robot.lookup("#connSave").queryAs(Button.class).getText())).isEqualTo("Save anyway");
        assertThat(fx(() -> robot.lookup("#connectionDialog").query().isVisible())).isTrue();
        robot.clickOn("#connSave");
        await().atMost(WAIT).until(() -> fx(() -> !robot.lookup("#connectionDialog").query().isVisible()));

        // saved: listed once, above the discovered ones, without the badge, in the file
        await().atMost(WAIT).until(() -> fx(() -> connectionNames(robot)), n -> n.equals(List.of("Local",
                "AWS profile analytics", "AWS environment", "AWS profile ci-bot", "AWS profile default",
                "Azure environment", "Google application default")));
        assertThat(fx(() -> badgeShown(robot, "AWS profile analytics"))).isFalse();
        assertThat(new ConnectionsFile(config).load().profiles()).extracting(ConnectionProfile::name)
                .containsExactly("AWS profile analytics");
        assertThat(new ConnectionsFile(config).load().profiles().getFirst().awsProfile()).isEqualTo("analytics");
        // Remove is off for a discovered one: clicking it asks nothing and removes nothing
        robot.clickOn(cellOf(robot, "Google application default"));
        robot.clickOn("#removeConnection");
        assertThat(fx(() -> connectionNames(robot))).contains("Google application default");
        assertThat(new ConnectionsFile(config).load().profiles()).hasSize(1);
    }

    @Test
    void aTypedS3AddressUsesTheDiscoveredEnvironmentAndTheSidebarSaysSo(FxRobot robot) throws Exception {
        S3ProxyServer s3 = S3ProxyServer.get();
        String bucket = "disco-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://" + bucket + "/"), s3.profile())) {
            store.createContainer(bucket);
            store.put(bucket, "seen.txt", new ByteArrayInputStream("x".getBytes()), 1, PutOptions.DEFAULT);
        } catch (StorageException.AlreadyExists ignored) {
            // left by an earlier run
        }
        await().atMost(WAIT).until(() -> fx(() -> connectionNames(robot)), n -> n.contains("AWS environment"));
        // the SDK's default chain reads the keys; as the test cannot set this process's environment,
        // it hands them to the chain's system-property step
        System.setProperty("aws.accessKeyId", s3.identity());
        System.setProperty("aws.secretAccessKey", s3.credential());
        try {
            robot.interact(() -> {
                TextField f = robot.lookup("#addressField").queryAs(TextField.class);
                f.setText("s3://" + bucket + "/");
                f.fireEvent(new javafx.event.ActionEvent());
            });
            await().atMost(WAIT).until(() -> fx(() -> names(robot)), n -> n.equals(List.of("seen.txt")));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        assertThat(fx(() -> connections.getSelected().name())).isEqualTo("AWS environment");
        assertThat(fx(() -> selectedInList(robot))).isEqualTo("AWS environment");
    }

    // ---- helpers ----

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @SuppressWarnings("unchecked")
    private static ListView<ConnectionProfile> list(FxRobot robot) {
        return robot.lookup("#connectionList").queryAs(ListView.class);
    }

    private static List<String> connectionNames(FxRobot robot) {
        return list(robot).getItems().stream().map(ConnectionProfile::name).toList();
    }

    private static String selectedInList(FxRobot robot) {
        ConnectionProfile c = list(robot).getSelectionModel().getSelectedItem();
        return c == null ? null : c.name();
    }

    @SuppressWarnings("unchecked")
    private static ListCell<ConnectionProfile> cellOf(FxRobot robot, String name) {
        return robot.from(list(robot)).lookup((Node n) -> n instanceof ListCell<?> c && c.getItem() instanceof ConnectionProfile p
                && p.name().equals(name)).queryAs(ListCell.class);
    }

    private static boolean badgeShown(FxRobot robot, String name) {
        return robot.from(cellOf(robot, name)).lookup("." + ConnectionsView.BADGE_STYLE).tryQuery()
                .map(n -> n.isVisible() && ((Label) n).getText().equals("discovered")).orElse(false);
    }

    private static String detailOf(FxRobot robot, String name) {
        return robot.from(cellOf(robot, name)).lookup((Node n) -> n instanceof Label l && l.getText() != null
                && l.getText().contains(" · ")).queryAs(Label.class).getText();
    }

    private static List<String> allTexts(FxRobot robot) {
        return robot.lookup((Node n) -> n instanceof Label || n instanceof TextField && !(n instanceof PasswordField))
                .queryAll().stream().map(n -> n instanceof Label l ? l.getText() : ((TextField) n).getText())
                .filter(java.util.Objects::nonNull).toList();
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Button.class);
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<ConnectionDialog.Auth> auth(FxRobot robot) {
        return robot.lookup("#connAuth").queryAs(ComboBox.class);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(FxRobot robot) {
        return ((TableView<ExplorerEntry>) robot.lookup("#entryTable").queryAs(TableView.class)).getItems().stream()
                .map(ExplorerEntry::name).toList();
    }

    private void screenshot(Path target) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Files.createDirectories(target.getParent());
        var image = fx(() -> SceneSnapshot.take(stage.getScene()));
        SceneSnapshot.writePng(image, target);
        assertThat(Files.size(target)).isPositive();
    }
}
