-- AlterTable
ALTER TABLE "CodingSpec" ADD COLUMN     "workBound" JSONB;
