package dev.faceanon.djl.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A {@link FakeHub} serving the {@link TestModels} for each test, with caches in a temporary directory. */
abstract class FakeHubFixture {
    @TempDir
    Path tmp;

    FakeHub hub;
    TestModels m;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        m = new TestModels();
        m.serve(hub);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubSettings settings(Map<String, String> env) {
        return TestModels.settings(hub.endpoint(), tmp, env);
    }
}
