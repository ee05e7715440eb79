package org.homodyne.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.homodyne.backend.ResidentBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.stream.BatchFeed;
import org.homodyne.stream.PassEvaluator;

/**
 * The layering of docs/ARCHITECTURE.md ("Layers"), checked on the compiled classes. Read bottom
 * up: a package may use the packages listed for it and nothing above.
 *
 * <pre>
 *   cli                                   wiring: every package below
 *   campaign                              many fits: task plan, pool, summary rows (issue 15)
 *   config          output                YAML → the owners' types | result files
 *   stream                                passes, evaluator, checkpoints, strategies
 *   backend                               batch → normal equations (CPU, CUDA)
 *   data      fit                         HDF5 selection, batches | normal equations, LM
 *   model                                 the physics
 *   org.homodyne (errors, names)   io     (atomic files, JSON)
 * </pre>
 */
@AnalyzeClasses(packages = "org.homodyne", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Base").definedBy("org.homodyne")
            .layer("Io").definedBy("org.homodyne.io..")
            .layer("Model").definedBy("org.homodyne.model..")
            .layer("Data").definedBy("org.homodyne.data..")
            .layer("Fit").definedBy("org.homodyne.fit..")
            .layer("Backend").definedBy("org.homodyne.backend..")
            .layer("Stream").definedBy("org.homodyne.stream..")
            .layer("Output").definedBy("org.homodyne.output..")
            .layer("Config").definedBy("org.homodyne.config..")
            .layer("Campaign").definedBy("org.homodyne.campaign..")
            .layer("Cli").definedBy("org.homodyne.cli..")
            .whereLayer("Base").mayNotAccessAnyLayer()
            .whereLayer("Io").mayOnlyAccessLayers("Base")
            .whereLayer("Model").mayOnlyAccessLayers("Base")
            .whereLayer("Data").mayOnlyAccessLayers("Base", "Io", "Model")
            .whereLayer("Fit").mayOnlyAccessLayers("Base", "Model")
            .whereLayer("Backend").mayOnlyAccessLayers("Base", "Model", "Data", "Fit")
            .whereLayer("Stream").mayOnlyAccessLayers("Base", "Io", "Model", "Data", "Fit", "Backend")
            // result files read the run's records (DatasetInfo, FitResult) and the output settings
            .whereLayer("Output").mayOnlyAccessLayers("Base", "Io", "Model", "Data", "Fit", "Config")
            // the config maps YAML onto the types of the packages that own the settings
            // (DeviceChoice in backend, Strategy in stream, PerAngleMode in fit)
            .whereLayer("Config").mayOnlyAccessLayers("Base", "Model", "Fit", "Backend", "Stream")
            // many fits: the task plan, the rows read back from result files and their figures; the
            // fits themselves are run by the command line (FitRunner) through a TaskExecutor
            .whereLayer("Campaign").mayOnlyAccessLayers("Base", "Io", "Model", "Data", "Output")
            .whereLayer("Cli").mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule noCycles = slices().matching("org.homodyne.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule cudaOnlyInTheCudaBackend = noClasses().that().resideOutsideOfPackage("org.homodyne.backend.cuda..")
            .should().dependOnClassesThat().resideInAPackage("jcuda..")
            .because("DESIGN: fit knows nothing of CUDA; only backend.cuda talks to the driver");

    @ArchTest
    static final ArchRule yamlOnlyInConfig = noClasses().that().resideOutsideOfPackage("org.homodyne.config..")
            .should().dependOnClassesThat().resideInAPackage("org.yaml..")
            .because("DESIGN: backend and fit know nothing of YAML");

    @ArchTest
    static final ArchRule hdf5OnlyInDataAndCheckpoints = noClasses()
            .that().resideOutsideOfPackages("org.homodyne.data..", "org.homodyne.stream..")
            .should().dependOnClassesThat().resideInAPackage("io.jhdf..")
            .because("input files are read by data; checkpoint files (HDF5) are written by stream");

    @ArchTest
    static final ArchRule picocliOnlyInCli = noClasses().that().resideOutsideOfPackage("org.homodyne.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..");

    @ArchTest
    static final ArchRule cmaesOnlyInTheGlobalPhase = noClasses().that().resideOutsideOfPackage("org.homodyne.stream..")
            .should().dependOnClassesThat().resideInAPackage("org.hipparchus..")
            .because("CMA-ES searches the subsample objective of the stream runtime (issue 11); the LM is ours");

    @ArchTest
    static final ArchRule denseAlgebraOnlyInFit = noClasses().that().resideOutsideOfPackage("org.homodyne.fit..")
            .should().dependOnClassesThat().resideInAPackage("org.ejml..")
            .because("the LM solve, covariance and condition number are the fit's");

    @ArchTest
    static final ArchRule streamSeesDataOnlyAsBatches = noClasses().that().resideInAPackage("org.homodyne.stream..")
            .should().dependOnClassesThat(resideInAPackage("org.homodyne.data..")
                    .and(not(type(Batch.class))).and(not(type(BatchData.class))))
            .because("the stream runtime reads data only through BatchSource");

    @ArchTest
    static final ArchRule residencyIsThePassEvaluatorsBusiness = noClasses()
            .that().resideOutsideOfPackage("org.homodyne.backend..").and().doNotImplement(PassEvaluator.class)
            .should().dependOnClassesThat().belongToAnyOf(ResidentBackend.class)
            .because("device residency decides which batches are read: the evaluator's job (issue 15 §1)");

    @ArchTest
    static final ArchRule theDriverOnlyAsksForPasses = noClasses()
            .that().haveFullyQualifiedName("org.homodyne.stream.StreamingFit")
            .should().dependOnClassesThat().resideInAPackage("org.homodyne.backend..")
            .orShould().dependOnClassesThat().belongToAnyOf(BatchFeed.class, BatchData.class)
            .because("the fit loop sees passes (PassEvaluator), never batch data or a backend");

    @ArchTest
    static final ArchRule noParallelStreamsWhereSumsAreMade = noClasses()
            .that().resideInAnyPackage("org.homodyne.model..", "org.homodyne.fit..", "org.homodyne.backend..",
                    "org.homodyne.stream..")
            // by name: the JDK's type hierarchy is not imported, so "assignable to BaseStream" cannot be asked
            .should().callMethodWhere(target(name("parallelStream")))
            .orShould().callMethodWhere(target(name("parallel")).and(target(owner(resideInAPackage("java.util.stream")))))
            .because("reductions sum fixed partitions in a fixed order (determinism); output surfaces, whose "
                    + "points are independent, may fill rows in parallel");
}
