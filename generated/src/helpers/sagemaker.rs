//! Small constructors for the generated SageMaker types, as CDK's
//! `S3Location`, `DockerImage`, `ec2.InstanceType` and `Size` give them.
//!
//! ```
//! use serde_json::json;
//! use sfn_tasks::services::sagemaker::{
//!     MlInstanceType, ecr_image, resource_config, s3_output, s3_prefix_channel, s3_uri,
//!     training_image,
//! };
//! use sfn_tasks::runtime::{Task, ToAsl};
//! use sfn_tasks::services::sagemaker::CreateTrainingJob;
//! use sfn_tasks::services::sagemaker::types::{TrainingInputMode, TrainingInstanceType};
//!
//! let image = ecr_image("123456789012", "us-east-1", "my-algorithm", "latest");
//! assert_eq!(image, "123456789012.dkr.ecr.us-east-1.${AWS::URLSuffix}/my-algorithm:latest");
//!
//! let job = CreateTrainingJob::new(
//!     "my-training-job",
//!     "arn:aws:iam::123456789012:role/sagemaker",
//!     s3_output(s3_uri("my-bucket", "output/")),
//! )
//! .with_algorithm_specification(training_image(image, TrainingInputMode::File))
//! .with_input_data_config(vec![s3_prefix_channel("train", s3_uri("my-bucket", "train/"))])
//! .with_resource_config(resource_config(TrainingInstanceType::ml("m4.xlarge"), 1, 50));
//! let p = job.write_parameters().unwrap();
//! assert_eq!(p["OutputDataConfig"]["S3OutputPath"], "s3://my-bucket/output/");
//! assert_eq!(
//!     p["InputDataConfig"][0]["DataSource"]["S3DataSource"],
//!     json!({"S3DataType": "S3Prefix", "S3Uri": "s3://my-bucket/train/"})
//! );
//! assert_eq!(
//!     p["ResourceConfig"],
//!     json!({"InstanceCount": 1, "InstanceType": "ml.m4.xlarge", "VolumeSizeInGB": 50})
//! );
//! assert_eq!(TrainingInstanceType::ml("m4.xlarge").to_asl(), json!("ml.m4.xlarge"));
//! ```

use crate::runtime::{Field, URL_SUFFIX};
use crate::services::sagemaker::types::{
    AlgorithmSpecification, Channel, DataSource, OutputDataConfig, ProcessingInstanceType,
    ProductionVariantInstanceType, ResourceConfig, S3DataSource, S3DataType, TrainingInputMode,
    TrainingInstanceType, TransformInstanceType,
};

/// `s3://<bucket>/<key prefix>`.
pub fn s3_uri(bucket: &str, key_prefix: &str) -> String {
    format!("s3://{bucket}/{}", key_prefix.trim_start_matches('/'))
}

/// An input channel reading every object under an S3 prefix.
pub fn s3_prefix_channel(name: impl Into<Field<String>>, uri: impl Into<Field<String>>) -> Channel {
    Channel::new(
        name,
        DataSource::new().with_s3_data_source(S3DataSource::new(S3DataType::S3Prefix, uri)),
    )
}

/// Where a job writes its output.
pub fn s3_output(uri: impl Into<Field<String>>) -> OutputDataConfig {
    OutputDataConfig::new(uri)
}

/// An image in Amazon ECR: `<account>.dkr.ecr.<region>.<URL suffix>/<repository>:<tag>`
/// (the suffix stays a CloudFormation placeholder, as in CDK).
pub fn ecr_image(account: &str, region: &str, repository: &str, tag: &str) -> String {
    format!("{account}.dkr.ecr.{region}.{URL_SUFFIX}/{repository}:{tag}")
}

/// An algorithm given by its Docker image (any registry).
pub fn training_image(
    image: impl Into<Field<String>>,
    mode: TrainingInputMode,
) -> AlgorithmSpecification {
    AlgorithmSpecification::new(mode).with_training_image(image)
}

/// Instances for a training job: type, count and ML storage volume in GiB.
pub fn resource_config(
    instance_type: impl Into<Field<TrainingInstanceType>>,
    count: i64,
    volume_size_gib: i64,
) -> ResourceConfig {
    ResourceConfig::new()
        .with_instance_type(instance_type)
        .with_instance_count(count)
        .with_volume_size_in_gb(volume_size_gib)
}

/// A SageMaker instance type from its EC2 name (`m4.xlarge` →
/// `ml.m4.xlarge`), as CDK takes `ec2.InstanceType`.
pub trait MlInstanceType: Sized {
    /// The `ml.` instance type for an EC2 type name; a name the model does
    /// not list is passed through for the service to judge.
    fn ml(ec2_type: &str) -> Self;
}

macro_rules! ml_instance_type {
    ($($ty:ident),*) => {$(
        impl MlInstanceType for $ty {
            fn ml(ec2_type: &str) -> Self {
                let name = format!("ml.{}", ec2_type.trim_start_matches("ml."));
                $ty::Unmodeled(name)
            }
        }
    )*};
}

ml_instance_type!(
    TrainingInstanceType,
    TransformInstanceType,
    ProductionVariantInstanceType,
    ProcessingInstanceType
);
