package dev.scone.model.nn;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that share one tiny model (A_F of one layer) per test class: building it is the
 * slow part, and none of these tests changes its weights.
 */
abstract class TinyModelTest {

    protected static SconeModel model;

    @BeforeAll
    static void createModel() {
        model = TinyModels.model(1);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }
}
